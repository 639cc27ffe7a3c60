import { completeConnect, LOGIN_TOKEN_ID } from '../../../shared/connect/complete-connect';
import { startConnect } from '../../../shared/connect/start-connect';
import { alice, connectHarness, REDIRECT } from './connect-harness';

async function begin(h: ReturnType<typeof connectHarness>, principal = alice) {
  const started = await startConnect(h.deps, principal, REDIRECT);
  return { ...started, url: new URL(started.authorizeUrl) };
}

describe('connect: start', () => {
  it('builds the login dialog URL with app id, redirect, scopes and state', async () => {
    const h = connectHarness();
    const { url, state, expiresAt } = await begin(h);
    expect(url.origin + url.pathname).toBe('https://www.facebook.test/v26.0/dialog/oauth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'app-1',
      redirect_uri: REDIRECT,
      state,
      scope: 'ads_management,ads_read,business_management,pages_show_list,catalog_management',
      response_type: 'code',
    });
    expect(expiresAt).toBe('2026-11-23T12:10:00.000Z');
  });

  it('gives a new state for each start', async () => {
    const h = connectHarness();
    expect((await begin(h)).state).not.toBe((await begin(h)).state);
  });
});

describe('connect: callback', () => {
  it('exchanges the code, stores the long-lived token, connects and starts the first sync', async () => {
    const h = connectHarness();
    const { state } = await begin(h);
    const outcome = await completeConnect(h.deps, { code: 'c1', state }, REDIRECT);
    expect(outcome).toEqual({ status: 'connected', workspaceId: 'ws-1' });
    const connection = await h.deps.connections.get('ws-1');
    expect(connection).toMatchObject({
      status: 'connected',
      metaUserId: 'user-of-c1',
      scopes: ['ads_management', 'ads_read'],
      declinedScopes: ['business_management', 'pages_show_list', 'catalog_management'],
      connectedBy: 'alice',
    });
    const tokens = await h.deps.connections.listTokens('ws-1');
    expect(tokens).toEqual([
      expect.objectContaining({ tokenId: LOGIN_TOKEN_ID, kind: 'user', status: 'active' }),
    ]);
    expect(tokens[0]?.expiresAt).toBeDefined();
    // The stored secret is the long-lived token, which Meta still knows.
    const stored = await h.deps.vault.get(tokens[0]?.secretId ?? '');
    expect((await h.deps.meta.debugToken(stored)).isValid).toBe(true);
    expect(JSON.stringify(connection)).not.toContain(stored);
    expect(h.syncs).toEqual(['ws-1']);
  });

  it('reconnecting replaces the token instead of adding a connection', async () => {
    const h = connectHarness();
    await completeConnect(h.deps, { code: 'c1', state: (await begin(h)).state }, REDIRECT);
    const first = await h.deps.vault.get((await h.deps.connections.listTokens('ws-1'))[0]?.secretId ?? '');
    await completeConnect(h.deps, { code: 'c2', state: (await begin(h)).state }, REDIRECT);
    const tokens = await h.deps.connections.listTokens('ws-1');
    expect(tokens).toHaveLength(1);
    expect(h.deps.vault.secrets.size).toBe(1);
    expect(await h.deps.vault.get(tokens[0]?.secretId ?? '')).not.toBe(first);
    expect((await h.deps.connections.get('ws-1')).metaUserId).toBe('user-of-c2');
  });

  it.each([
    ['a forged state', (s: string) => `${s.split('.')[0]}.AAAA`, 'invalid_state'],
    ['a garbled state', () => 'not-a-state', 'invalid_state'],
  ])('rejects %s', async (_name, mangle, reason) => {
    const h = connectHarness();
    const { state } = await begin(h);
    expect(await completeConnect(h.deps, { code: 'c1', state: mangle(state) }, REDIRECT)).toEqual({
      status: 'error',
      reason,
    });
    expect(h.deps.meta.calls).toEqual([]);
  });

  it('rejects a missing state', async () => {
    const h = connectHarness();
    expect(await completeConnect(h.deps, { code: 'c1' } as never, REDIRECT)).toEqual({
      status: 'error',
      reason: 'invalid_state',
    });
  });

  it('rejects an expired state', async () => {
    const h = connectHarness();
    const { state } = await begin(h);
    h.clock.now += 601_000;
    expect(await completeConnect(h.deps, { code: 'c1', state }, REDIRECT)).toEqual({
      status: 'error',
      reason: 'expired_state',
    });
  });

  it('rejects a replayed state', async () => {
    const h = connectHarness();
    const { state } = await begin(h);
    await completeConnect(h.deps, { code: 'c1', state }, REDIRECT);
    expect(await completeConnect(h.deps, { code: 'c1', state }, REDIRECT)).toMatchObject({
      status: 'error',
      reason: 'replayed_state',
    });
  });

  it('reports a denied consent and burns the state', async () => {
    const h = connectHarness();
    const { state } = await begin(h);
    expect(await completeConnect(h.deps, { error: 'access_denied', state }, REDIRECT)).toMatchObject({
      status: 'error',
      reason: 'access_denied',
    });
    expect((await h.deps.connections.get('ws-1')).status).toBe('disconnected');
    expect(await completeConnect(h.deps, { code: 'c1', state }, REDIRECT)).toMatchObject({
      reason: 'replayed_state',
    });
  });

  it('refuses when the workspace disconnected after the login started', async () => {
    const h = connectHarness();
    await completeConnect(h.deps, { code: 'c1', state: (await begin(h)).state }, REDIRECT);
    const { state } = await begin(h);
    const c = await h.deps.connections.get('ws-1');
    await h.deps.connections.put({ ...c, status: 'disconnected', generation: c.generation + 1 });
    expect(await completeConnect(h.deps, { code: 'c2', state }, REDIRECT)).toMatchObject({
      reason: 'disconnected_meanwhile',
    });
  });

  it('reports a failed exchange without connecting', async () => {
    const h = connectHarness();
    h.deps.meta.failExchange = true;
    expect(
      await completeConnect(h.deps, { code: 'c1', state: (await begin(h)).state }, REDIRECT),
    ).toMatchObject({
      reason: 'token_exchange_failed',
    });
    expect((await h.deps.connections.get('ws-1')).status).toBe('disconnected');
    expect(h.deps.vault.secrets.size).toBe(0);
  });

  it('refuses a token of another app and one without essential scopes', async () => {
    const h = connectHarness();
    const original = h.deps.meta.debugToken.bind(h.deps.meta);
    h.deps.meta.debugToken = async (t) => ({ ...(await original(t)), appId: 'someone-else' });
    expect(
      await completeConnect(h.deps, { code: 'c1', state: (await begin(h)).state }, REDIRECT),
    ).toMatchObject({
      reason: 'app_mismatch',
    });
    h.deps.meta.debugToken = async (t) => ({ ...(await original(t)), scopes: ['pages_show_list'] });
    expect(
      await completeConnect(h.deps, { code: 'c1', state: (await begin(h)).state }, REDIRECT),
    ).toMatchObject({
      reason: 'missing_scopes',
    });
    h.deps.meta.debugToken = async () => ({ isValid: false, scopes: [] });
    expect(
      await completeConnect(h.deps, { code: 'c1', state: (await begin(h)).state }, REDIRECT),
    ).toMatchObject({
      reason: 'token_invalid',
    });
    expect(h.deps.vault.secrets.size).toBe(0);
  });
});
