import { refreshRequests, refreshWorkspaceTokens } from '../../../shared/connect/refresh-tokens';
import { alice, bob, connectHarness } from './connect-harness';
import { connectAs } from './connected-workspace';

const DAY = 86_400_000;

describe('token refresh', () => {
  it('fans out one request per connected workspace with its generation', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    await connectAs(h, bob, 'c2');
    expect(await refreshRequests(h.deps)).toEqual([
      { workspaceId: 'ws-1', generation: 0 },
      { workspaceId: 'ws-2', generation: 0 },
    ]);
  });

  it('only re-checks a token far from expiry', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    h.deps.meta.calls = [];
    const outcome = await refreshWorkspaceTokens(h.deps, { workspaceId: 'ws-1', generation: 0 });
    expect(outcome).toEqual({ refreshed: [], invalid: [], checked: ['login'], moved: [] });
    expect(h.deps.meta.calls).toEqual(['debugToken']);
  });

  it('exchanges a token with less than 7 days left and stores the new one', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    const [before] = await h.deps.connections.listTokens('ws-1');
    const oldSecret = await h.deps.vault.get(before?.secretId ?? '');
    h.clock.now = Date.parse(before?.expiresAt ?? '') - 6 * DAY;
    const outcome = await refreshWorkspaceTokens(h.deps, { workspaceId: 'ws-1', generation: 0 });
    expect(outcome.refreshed).toEqual(['login']);
    const [after] = await h.deps.connections.listTokens('ws-1');
    expect(await h.deps.vault.get(after?.secretId ?? '')).not.toBe(oldSecret);
    expect(after?.refreshedAt).toBe(new Date(h.clock.now).toISOString());
    expect(after?.refreshLeaseUntil).toBeUndefined();
  });

  it('exchanges once when two refreshes run at the same time', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    const [token] = await h.deps.connections.listTokens('ws-1');
    h.clock.now = Date.parse(token?.expiresAt ?? '') - DAY;
    h.deps.meta.calls = [];
    const [a, b] = await Promise.all([
      refreshWorkspaceTokens(h.deps, { workspaceId: 'ws-1', generation: 0 }),
      refreshWorkspaceTokens(h.deps, { workspaceId: 'ws-1', generation: 0 }),
    ]);
    expect([...(a?.refreshed ?? []), ...(b?.refreshed ?? [])]).toEqual(['login']);
    expect(h.deps.meta.calls.filter((c) => c === 'exchangeForLongLived')).toHaveLength(1);
  });

  it('marks a revoked login token invalid, the connection needs_reauth, and asks to reconnect', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    const [token] = await h.deps.connections.listTokens('ws-1');
    await h.deps.meta.revokePermissions(await h.deps.vault.get(token?.secretId ?? ''));
    const outcome = await refreshWorkspaceTokens(h.deps, { workspaceId: 'ws-1', generation: 0 });
    expect(outcome.invalid).toEqual(['login']);
    expect((await h.deps.connections.get('ws-1')).status).toBe('needs_reauth');
    expect((await h.deps.connections.listTokens('ws-1'))[0]?.status).toBe('invalid');
    expect(h.deps.notifications.items).toEqual([expect.objectContaining({ kind: 'reconnect_required' })]);
    // An invalid token is left alone afterwards: no more Meta calls for it.
    h.deps.meta.calls = [];
    await refreshWorkspaceTokens(h.deps, { workspaceId: 'ws-1', generation: 0 });
    expect(h.deps.meta.calls).toEqual([]);
  });

  it('does nothing for a stale generation or a disconnected workspace', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    h.deps.meta.calls = [];
    expect(await refreshWorkspaceTokens(h.deps, { workspaceId: 'ws-1', generation: 7 })).toMatchObject({
      skipped: 'stale',
    });
    expect(await refreshWorkspaceTokens(h.deps, { workspaceId: 'ws-9', generation: 0 })).toMatchObject({
      skipped: 'disconnected',
    });
    expect(h.deps.meta.calls).toEqual([]);
  });
});
