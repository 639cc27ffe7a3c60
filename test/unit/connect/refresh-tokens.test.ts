import { refreshRequests, refreshWorkspaceTokens } from '../../../shared/connect/refresh-tokens';
import { MetaTokenInvalidError, MetaTransientError } from '../../../shared/platform/errors';
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
    expect(outcome).toEqual({ refreshed: [], invalid: [], checked: ['login'], moved: [], superseded: [] });
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

  describe('a reconnect landing while a token is refreshed', () => {
    /** The first `call` to Meta confirms a new login of alice first, then answers as `answer` says. */
    function reconnectDuring(
      h: ReturnType<typeof connectHarness>,
      call: 'exchangeForLongLived' | 'debugToken',
      answer?: () => never,
    ): void {
      const meta = h.deps.meta;
      const original = meta[call].bind(meta) as (accessToken: string) => Promise<never>;
      let reconnected = false;
      meta[call] = async (accessToken: string) => {
        if (!reconnected) {
          reconnected = true;
          await connectAs(h, alice, 'c2');
          if (answer) answer();
        }
        return original(accessToken);
      };
    }

    it("keeps the new login when the old one's exchange fails for a while", async () => {
      const h = connectHarness();
      await connectAs(h, alice, 'c1');
      const [old] = await h.deps.connections.listTokens('ws-1');
      h.clock.now = Date.parse(old?.expiresAt ?? '') - DAY;
      reconnectDuring(h, 'exchangeForLongLived', () => {
        throw new MetaTransientError('down', { httpStatus: 500, message: 'down' });
      });
      await expect(refreshWorkspaceTokens(h.deps, { workspaceId: 'ws-1', generation: 0 })).rejects.toThrow(
        'down',
      );
      const [login] = await h.deps.connections.listTokens('ws-1');
      expect(login?.secretId).not.toBe(old?.secretId);
      expect(login?.status).toBe('active');
      expect(await h.deps.vault.get(login?.secretId ?? '')).toBeTruthy();
    });

    it('does not retire the new login for the old one being invalid', async () => {
      const h = connectHarness();
      await connectAs(h, alice, 'c1');
      const [old] = await h.deps.connections.listTokens('ws-1');
      reconnectDuring(h, 'debugToken', () => {
        throw new MetaTokenInvalidError('revoked', { httpStatus: 400, message: 'revoked' });
      });
      const outcome = await refreshWorkspaceTokens(h.deps, { workspaceId: 'ws-1', generation: 0 });
      expect(outcome).toMatchObject({ invalid: [], superseded: ['login'] });
      const [login] = await h.deps.connections.listTokens('ws-1');
      expect(login).toMatchObject({ status: 'active' });
      expect(login?.secretId).not.toBe(old?.secretId);
      expect((await h.deps.connections.get('ws-1')).status).toBe('connected');
      expect(h.deps.notifications.items).toEqual([]);
    });

    it('writes no refreshed copy of the old login over the new one', async () => {
      const h = connectHarness();
      await connectAs(h, alice, 'c1');
      const [old] = await h.deps.connections.listTokens('ws-1');
      h.clock.now = Date.parse(old?.expiresAt ?? '') - DAY;
      reconnectDuring(h, 'debugToken');
      const outcome = await refreshWorkspaceTokens(h.deps, { workspaceId: 'ws-1', generation: 0 });
      expect(outcome).toMatchObject({ refreshed: [], superseded: ['login'] });
      const [login] = await h.deps.connections.listTokens('ws-1');
      expect(login?.secretId).not.toBe(old?.secretId);
      expect(login?.refreshedAt).toBeUndefined();
      // The old login's secret, refreshed under it, is deleted rather than left behind.
      await expect(h.deps.vault.get(old?.secretId ?? '')).rejects.toThrow();
    });
  });
});
