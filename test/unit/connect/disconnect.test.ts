import { pickAdAccount } from '../../../shared/connect/ad-accounts';
import { disconnect } from '../../../shared/connect/disconnect';
import { alice, bob, connectHarness } from './connect-harness';
import { connectAs } from './connected-workspace';

describe('disconnect', () => {
  it('bumps the generation, revokes at Meta, deletes secrets and token refs, notifies', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    h.deps.meta.adAccounts.set('user-of-c1', [{ id: 'act_1', name: 'A' }]);
    await pickAdAccount(h.deps, 'ws-1', 'act_1');
    const before = await h.deps.connections.get('ws-1');
    expect(await disconnect(h.deps, 'ws-1', 'alice')).toEqual({ disconnected: true, revocation: 'revoked' });
    const after = await h.deps.connections.get('ws-1');
    expect(after).toMatchObject({ status: 'disconnected', generation: before.generation + 1, scopes: [] });
    expect(after.adAccountId).toBeUndefined();
    expect(h.deps.vault.secrets.size).toBe(0);
    expect(await h.deps.connections.listTokens('ws-1')).toEqual([]);
    expect(h.deps.meta.revoked.size).toBeGreaterThan(0);
    expect(h.deps.meta.subscribed.size).toBe(0);
    expect(h.deps.notifications.items).toEqual([
      expect.objectContaining({ workspaceId: 'ws-1', kind: 'disconnected' }),
    ]);
  });

  it('keeps the Meta login when another connected workspace shares the Meta user', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'same');
    await connectAs(h, bob, 'same');
    expect(await disconnect(h.deps, 'ws-1', 'alice')).toEqual({ disconnected: true, revocation: 'kept' });
    expect(h.deps.meta.revoked.size).toBe(0);
    expect((await h.deps.connections.get('ws-2')).status).toBe('connected');
  });

  it('still disconnects locally when Meta refuses the revocation, and says so', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    h.deps.meta.failRevoke = true;
    expect(await disconnect(h.deps, 'ws-1', 'alice')).toEqual({ disconnected: true, revocation: 'failed' });
    expect((await h.deps.connections.get('ws-1')).status).toBe('disconnected');
    expect(h.deps.vault.secrets.size).toBe(0);
    expect(h.deps.notifications.items[0]?.message).toMatch(/did not confirm/);
  });

  it('is a no-op for a workspace that is not connected', async () => {
    const h = connectHarness();
    expect(await disconnect(h.deps, 'ws-1', 'alice')).toEqual({ disconnected: false, revocation: 'none' });
    expect(h.deps.meta.calls).toEqual([]);
  });
});
