import { completeConnect } from '../../../shared/connect/complete-connect';
import { startConnect } from '../../../shared/connect/start-connect';
import { openPendingToken } from '../../../shared/domain/pending-login';
import { alice, connectHarness, REDIRECT } from './connect-harness';
import { connectAs } from './connected-workspace';

async function begin(h: ReturnType<typeof connectHarness>, principal = alice) {
  const started = await startConnect(h.deps, principal);
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
  it('exchanges the code and checks the token, but connects nothing: it holds a pending login', async () => {
    const h = connectHarness();
    const { state } = await begin(h);
    const outcome = await completeConnect(h.deps, { code: 'c1', state });
    expect(outcome).toEqual({ status: 'confirm', completion: expect.any(String), workspaceId: 'ws-1' });
    expect(h.deps.meta.calls).toEqual(['exchangeCode c1', 'exchangeForLongLived', 'debugToken']);
    expect((await h.deps.connections.get('ws-1')).status).toBe('disconnected');
    expect(await h.deps.connections.listTokens('ws-1')).toEqual([]);
    expect(h.syncs).toEqual([]);
    // The long-lived token waits sealed in the pending record, nowhere else: no secret is made
    // for a login that may never be confirmed.
    expect(h.deps.vault.secrets.size).toBe(0);
    const [pending] = [...h.deps.pendingLogins.pending.values()];
    expect(pending).toMatchObject({ workspaceId: 'ws-1', sub: 'alice', generation: 0 });
    expect(pending?.validUntil).toBe(Date.parse('2026-11-23T12:10:00Z') / 1000);
    const completion = outcome.status === 'confirm' ? outcome.completion : '';
    const held = openPendingToken(
      completion,
      { workspaceId: 'ws-1', sub: 'alice' },
      pending?.sealedToken ?? '',
    );
    expect((await h.deps.meta.debugToken(held)).isValid).toBe(true);
    expect(JSON.stringify(pending)).not.toContain(held);
    // The store knows the completion only by its hash.
    expect([...h.deps.pendingLogins.pending.keys()]).not.toContain(
      outcome.status === 'confirm' ? outcome.completion : '',
    );
  });

  it('sends the exchange the configured redirect_uri, the same as the dialog got', async () => {
    const h = connectHarness();
    const { state, url } = await begin(h);
    await completeConnect(h.deps, { code: 'c1', state });
    expect(h.deps.meta.redirectUris).toEqual([REDIRECT]);
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
  });

  it('reconnecting replaces the token instead of adding a connection', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    const first = await h.deps.vault.get((await h.deps.connections.listTokens('ws-1'))[0]?.secretId ?? '');
    await connectAs(h, alice, 'c2');
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
    expect(await completeConnect(h.deps, { code: 'c1', state: mangle(state) })).toEqual({
      status: 'error',
      reason,
    });
    expect(h.deps.meta.calls).toEqual([]);
  });

  it('rejects a missing state', async () => {
    const h = connectHarness();
    expect(await completeConnect(h.deps, { code: 'c1' } as never)).toEqual({
      status: 'error',
      reason: 'invalid_state',
    });
  });

  it('rejects an expired state', async () => {
    const h = connectHarness();
    const { state } = await begin(h);
    h.clock.now += 601_000;
    expect(await completeConnect(h.deps, { code: 'c1', state })).toEqual({
      status: 'error',
      reason: 'expired_state',
    });
  });

  it('rejects a replayed state', async () => {
    const h = connectHarness();
    const { state } = await begin(h);
    expect(await completeConnect(h.deps, { code: 'c1', state })).toMatchObject({ status: 'confirm' });
    expect(await completeConnect(h.deps, { code: 'c1', state })).toMatchObject({
      status: 'error',
      reason: 'replayed_state',
    });
  });

  it('reports a denied consent and burns the state', async () => {
    const h = connectHarness();
    const { state } = await begin(h);
    expect(await completeConnect(h.deps, { error: 'access_denied', state })).toMatchObject({
      status: 'error',
      reason: 'access_denied',
    });
    expect((await h.deps.connections.get('ws-1')).status).toBe('disconnected');
    expect(await completeConnect(h.deps, { code: 'c1', state })).toMatchObject({
      reason: 'replayed_state',
    });
  });

  it('refuses when the workspace disconnected after the login started', async () => {
    const h = connectHarness();
    await connectAs(h, alice, 'c1');
    const { state } = await begin(h);
    const c = await h.deps.connections.get('ws-1');
    await h.deps.connections.put({ ...c, status: 'disconnected', generation: c.generation + 1 });
    expect(await completeConnect(h.deps, { code: 'c2', state })).toMatchObject({
      reason: 'disconnected_meanwhile',
    });
  });

  it('reports a failed exchange without connecting', async () => {
    const h = connectHarness();
    h.deps.meta.failExchange = true;
    expect(await completeConnect(h.deps, { code: 'c1', state: (await begin(h)).state })).toMatchObject({
      reason: 'token_exchange_failed',
    });
    expect((await h.deps.connections.get('ws-1')).status).toBe('disconnected');
    expect(h.deps.vault.secrets.size).toBe(0);
  });

  it('refuses a token of another app and one without essential scopes', async () => {
    const h = connectHarness();
    const original = h.deps.meta.debugToken.bind(h.deps.meta);
    h.deps.meta.debugToken = async (t) => ({ ...(await original(t)), appId: 'someone-else' });
    expect(await completeConnect(h.deps, { code: 'c1', state: (await begin(h)).state })).toMatchObject({
      reason: 'app_mismatch',
    });
    h.deps.meta.debugToken = async (t) => ({ ...(await original(t)), scopes: ['pages_show_list'] });
    expect(await completeConnect(h.deps, { code: 'c1', state: (await begin(h)).state })).toMatchObject({
      reason: 'missing_scopes',
    });
    h.deps.meta.debugToken = async () => ({ isValid: false, scopes: [] });
    expect(await completeConnect(h.deps, { code: 'c1', state: (await begin(h)).state })).toMatchObject({
      reason: 'token_invalid',
    });
    expect(h.deps.vault.secrets.size).toBe(0);
  });
});
