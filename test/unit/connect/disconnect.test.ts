import { pickAdAccount } from '../../../shared/connect/ad-accounts';
import { disconnect } from '../../../shared/connect/disconnect';
import { alice, bob, connectHarness } from './connect-harness';
import { connectAs } from './connected-workspace';

/** Alice's workspace connected as Meta user `user-of-<code>`, with act_1 picked. */
async function connectedWithAdAccount(h = connectHarness(), code = 'c1', who = alice) {
  await connectAs(h, who, code);
  h.deps.meta.adAccounts.set(`user-of-${code}`, [{ id: 'act_1', name: 'A' }]);
  await pickAdAccount(h.deps, who.workspaceId, 'act_1');
  h.deps.meta.calls = [];
  return h;
}

describe('disconnect', () => {
  it('bumps the generation, unsubscribes, revokes at Meta, deletes secrets and token refs, notifies', async () => {
    const h = await connectedWithAdAccount();
    const before = await h.deps.connections.get('ws-1');
    expect(await disconnect(h.deps, 'ws-1', 'alice')).toEqual({
      disconnected: true,
      revocation: 'revoked',
      unsubscription: 'unsubscribed',
    });
    const after = await h.deps.connections.get('ws-1');
    expect(after).toMatchObject({ status: 'disconnected', generation: before.generation + 1, scopes: [] });
    expect(after.adAccountId).toBeUndefined();
    expect(h.deps.vault.secrets.size).toBe(0);
    expect(await h.deps.connections.listTokens('ws-1')).toEqual([]);
    expect(h.deps.meta.revoked.size).toBeGreaterThan(0);
    expect(h.deps.meta.subscribed.size).toBe(0);
    expect(h.deps.notifications.items).toEqual([
      expect.objectContaining({
        workspaceId: 'ws-1',
        kind: 'disconnected',
        message: expect.stringMatching(/^Disconnected\./),
      }),
    ]);
  });

  it('unsubscribes while the token still works: the revocation is the last Meta call', async () => {
    const h = await connectedWithAdAccount();
    await disconnect(h.deps, 'ws-1', 'alice');
    expect(h.deps.meta.calls).toEqual(['unsubscribe act_1', 'revokePermissions']);
    expect(h.deps.meta.subscribed.has('act_1')).toBe(false);
  });

  it('keeps the subscription while another connected workspace uses the ad account, and unsubscribes with the last', async () => {
    const h = await connectedWithAdAccount();
    await connectedWithAdAccount(h, 'c2', bob);
    expect(await disconnect(h.deps, 'ws-1', 'alice')).toMatchObject({ unsubscription: 'kept' });
    expect(h.deps.meta.subscribed.has('act_1')).toBe(true);
    expect(await disconnect(h.deps, 'ws-2', 'bob')).toMatchObject({ unsubscription: 'unsubscribed' });
    expect(h.deps.meta.subscribed.has('act_1')).toBe(false);
    expect(h.deps.meta.calls.at(-1)).toBe('revokePermissions');
  });

  it('still disconnects when Meta does not confirm the unsubscription, says so, and still revokes last', async () => {
    const h = await connectedWithAdAccount();
    h.deps.meta.failUnsubscribe = true;
    expect(await disconnect(h.deps, 'ws-1', 'alice')).toEqual({
      disconnected: true,
      revocation: 'revoked',
      unsubscription: 'failed',
    });
    expect((await h.deps.connections.get('ws-1')).status).toBe('disconnected');
    expect(h.deps.vault.secrets.size).toBe(0);
    expect(h.deps.meta.calls).toEqual(['unsubscribe act_1', 'revokePermissions']);
    const [note] = h.deps.notifications.items;
    expect(note?.message).toMatch(/did not confirm that the app was unsubscribed from ad account act_1/);
    expect(note?.message).toMatch(/may still send that ad account's events/);
    expect(note?.data).toMatchObject({ unsubscription: 'failed', adAccountId: 'act_1' });
  });

  it('keeps the Meta login when another connected workspace shares the Meta user', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'same');
    await connectAs(h, bob, 'same');
    expect(await disconnect(h.deps, 'ws-1', 'alice')).toEqual({
      disconnected: true,
      revocation: 'kept',
      unsubscription: 'none',
    });
    expect(h.deps.meta.revoked.size).toBe(0);
    expect((await h.deps.connections.get('ws-2')).status).toBe('connected');
  });

  it('still disconnects locally when Meta refuses the revocation, and says so', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    h.deps.meta.failRevoke = true;
    expect(await disconnect(h.deps, 'ws-1', 'alice')).toEqual({
      disconnected: true,
      revocation: 'failed',
      unsubscription: 'none',
    });
    expect((await h.deps.connections.get('ws-1')).status).toBe('disconnected');
    expect(h.deps.vault.secrets.size).toBe(0);
    expect(h.deps.notifications.items[0]?.message).toMatch(/did not confirm the revocation/);
  });

  it('a disconnect that dies after its first write is finished by a retry: the ad account is still unsubscribed', async () => {
    const h = await connectedWithAdAccount();
    const lookup = h.deps.connections.workspacesUsingAdAccount.bind(h.deps.connections);
    let failures = 1;
    h.deps.connections.workspacesUsingAdAccount = async (id) => {
      if (failures-- > 0)
        throw Object.assign(new Error('Throughput exceeded'), {
          name: 'ProvisionedThroughputExceededException',
        });
      return lookup(id);
    };
    await expect(disconnect(h.deps, 'ws-1', 'alice')).rejects.toThrow('Throughput exceeded');
    // What is still owed is on the record, and is not an ad account in use.
    expect(await h.deps.connections.get('ws-1')).toMatchObject({
      status: 'disconnected',
      pendingUnsubscribe: 'act_1',
    });
    expect(await h.deps.connections.workspacesUsingAdAccount('act_1')).toEqual([]);
    expect(h.deps.meta.subscribed.has('act_1')).toBe(true);

    expect(await disconnect(h.deps, 'ws-1', 'alice')).toEqual({
      disconnected: true,
      revocation: 'revoked',
      unsubscription: 'unsubscribed',
    });
    expect(h.deps.meta.subscribed.has('act_1')).toBe(false);
    expect(h.deps.meta.calls).toEqual(['unsubscribe act_1', 'revokePermissions']);
    expect((await h.deps.connections.get('ws-1')).pendingUnsubscribe).toBeUndefined();
    expect(h.deps.vault.secrets.size).toBe(0);
    expect(await h.deps.connections.listTokens('ws-1')).toEqual([]);
    expect(h.deps.notifications.items).toHaveLength(1);
  });

  it('a disconnect that dies deleting secrets is finished by a retry, and does not unsubscribe twice', async () => {
    const h = await connectedWithAdAccount();
    const remove = h.deps.vault.delete.bind(h.deps.vault);
    let failures = 1;
    h.deps.vault.delete = async (id) => {
      if (failures-- > 0) throw new Error('Secrets Manager unavailable');
      return remove(id);
    };
    await expect(disconnect(h.deps, 'ws-1', 'alice')).rejects.toThrow('unavailable');
    expect(h.deps.meta.subscribed.has('act_1')).toBe(false);
    expect((await h.deps.connections.get('ws-1')).pendingUnsubscribe).toBeUndefined();
    expect(await disconnect(h.deps, 'ws-1', 'alice')).toMatchObject({
      disconnected: true,
      unsubscription: 'none',
    });
    expect(h.deps.meta.calls.filter((c) => c.startsWith('unsubscribe'))).toEqual(['unsubscribe act_1']);
    expect(h.deps.vault.secrets.size).toBe(0);
    expect(await h.deps.connections.listTokens('ws-1')).toEqual([]);
  });

  it('a retry that finds no token left says the unsubscription is unconfirmed, and settles it', async () => {
    const h = await connectedWithAdAccount();
    const c = await h.deps.connections.get('ws-1');
    // As a crashed disconnect with the tokens already gone would leave it.
    await h.deps.connections.put({
      ...c,
      status: 'disconnected',
      adAccountId: undefined,
      pendingUnsubscribe: 'act_1',
    });
    for (const t of await h.deps.connections.listTokens('ws-1'))
      await h.deps.connections.deleteToken('ws-1', t.tokenId);
    expect(await disconnect(h.deps, 'ws-1', 'alice')).toMatchObject({
      disconnected: true,
      unsubscription: 'failed',
    });
    expect(h.deps.notifications.items[0]?.message).toMatch(
      /did not confirm that the app was unsubscribed from ad account act_1/,
    );
    expect((await h.deps.connections.get('ws-1')).pendingUnsubscribe).toBeUndefined();
    expect(await disconnect(h.deps, 'ws-1', 'alice')).toMatchObject({ disconnected: false });
  });

  it('is a no-op for a workspace that is not connected', async () => {
    const h = connectHarness();
    expect(await disconnect(h.deps, 'ws-1', 'alice')).toEqual({
      disconnected: false,
      revocation: 'none',
      unsubscription: 'none',
    });
    expect(h.deps.meta.calls).toEqual([]);
  });
});
