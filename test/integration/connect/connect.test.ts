import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { LocalRuntime } from '../../../infra/local/runtime';
import { DynamoConnectionStore } from '../../../shared/store/dynamodb/connection-store';
import { SecretsManagerTokenVault } from '../../../shared/store/secrets-manager/token-vault';
import { decideLogin } from '../support/meta-login';
import { api, startTestRuntime } from '../support/runtime';

/** The marketer's story: connect, pick the ad account, keep working, disconnect. */
describe('connect a workspace to Meta (through the local runtime and the simulator)', () => {
  let rt: LocalRuntime;
  let ws = 0;
  /** Every workspace's token: they all log in as the simulator's one dev user. */
  const connected: string[] = [];
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(() => rt.stop());

  /** A fresh workspace per test, with its user's token. */
  function workspace() {
    const workspaceId = `ws-connect-${++ws}`;
    const token = rt.token({ workspace_id: workspaceId, sub: `user-${ws}` });
    connected.push(token);
    return { workspaceId, token };
  }

  async function connect(token: string): Promise<URL> {
    const start = await api(rt, 'POST', '/integrations/meta/connect', { token });
    expect(start.status).toBe(200);
    const toCallback = await decideLogin(start.body.authorizeUrl, 'continue');
    const callback = await fetch(toCallback, { redirect: 'manual' });
    expect(callback.status).toBe(302);
    return new URL(callback.headers.get('location') ?? '');
  }

  it('connects: login, code exchange, long-lived token stored, first sync started', async () => {
    const { workspaceId, token } = workspace();
    const back = await connect(token);
    expect(back.pathname).toBe('/console/integrations/meta');
    expect(back.searchParams.get('status')).toBe('connected');

    const state = await api(rt, 'GET', '/integrations/meta', { token });
    expect(state.body).toMatchObject({
      status: 'connected',
      scopes: expect.arrayContaining(['ads_management']),
    });
    expect(state.body.tokens).toEqual([
      expect.objectContaining({ id: 'login', kind: 'user', status: 'active' }),
    ]);
    expect(Date.parse(state.body.tokens[0].expiresAt)).toBeGreaterThan(Date.now() + 50 * 86_400_000);
    expect(JSON.stringify(state.body)).not.toMatch(/EAA/);
    expect(rt.simulator?.countRequests({ path: '/oauth/access_token' })).toBeGreaterThanOrEqual(2);
    expect(rt.simulator?.countRequests({ path: '/debug_token' })).toBeGreaterThanOrEqual(1);
    // The token lives in Secrets Manager, nowhere else.
    const [ref] = await new DynamoConnectionStore().listTokens(workspaceId);
    expect(await new SecretsManagerTokenVault().get(ref?.secretId ?? '')).toMatch(/\w{20,}/);
  });

  it('reports a denied consent back to the dashboard', async () => {
    const { token } = workspace();
    const start = await api(rt, 'POST', '/integrations/meta/connect', { token });
    const toCallback = await decideLogin(start.body.authorizeUrl, 'cancel');
    expect(toCallback.searchParams.get('error')).toBe('access_denied');
    const callback = await fetch(toCallback, { redirect: 'manual' });
    const back = new URL(callback.headers.get('location') ?? '');
    expect(Object.fromEntries(back.searchParams)).toEqual({ status: 'error', reason: 'access_denied' });
    expect((await api(rt, 'GET', '/integrations/meta', { token })).body.status).toBe('disconnected');
  });

  it('refuses a replayed callback and a forged state', async () => {
    const { token } = workspace();
    const start = await api(rt, 'POST', '/integrations/meta/connect', { token });
    const toCallback = await decideLogin(start.body.authorizeUrl, 'continue');
    expect((await fetch(toCallback, { redirect: 'manual' })).headers.get('location')).toMatch(
      /status=connected/,
    );
    const replay = await fetch(toCallback, { redirect: 'manual' });
    expect(replay.headers.get('location')).toMatch(/status=error&reason=replayed_state/);
    const forged = new URL(toCallback);
    forged.searchParams.set('state', `${start.body.state.split('.')[0]}.forged`);
    expect((await fetch(forged, { redirect: 'manual' })).headers.get('location')).toMatch(
      /reason=invalid_state/,
    );
    const missing = new URL(toCallback);
    missing.searchParams.delete('state');
    expect((await fetch(missing, { redirect: 'manual' })).headers.get('location')).toMatch(
      /reason=invalid_state/,
    );
  });

  it('lists the ad accounts live from Meta and picks one, refusing unknown ones', async () => {
    const { workspaceId, token } = workspace();
    await connect(token);
    const list = await api(rt, 'GET', '/integrations/meta/ad-accounts', { token });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    const first = list.body.items[0];
    expect(first.id).toMatch(/^act_\d+$/);

    const picked = await api(rt, 'PUT', '/integrations/meta/ad-account', {
      token,
      body: { adAccountId: first.id },
    });
    expect(picked.status).toBe(200);
    expect(picked.body.id).toBe(first.id);
    expect((await api(rt, 'GET', '/integrations/meta', { token })).body.adAccountId).toBe(first.id);
    expect(
      rt.simulator?.countRequests({ path: `/${first.id}/subscribed_apps`, method: 'POST' }),
    ).toBeGreaterThanOrEqual(1);
    expect(await new DynamoConnectionStore().workspacesUsingAdAccount(first.id)).toContain(workspaceId);

    const unknown = await api(rt, 'PUT', '/integrations/meta/ad-account', {
      token,
      body: { adAccountId: 'act_999999999' },
    });
    expect(unknown.status).toBe(404);
    const malformed = await api(rt, 'PUT', '/integrations/meta/ad-account', {
      token,
      body: { adAccountId: '123' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0]).toMatchObject({ in: 'body', path: 'adAccountId' });
  });

  it('keeps one workspace out of another', async () => {
    const a = workspace();
    const b = workspace();
    await connect(a.token);
    expect((await api(rt, 'GET', '/integrations/meta', { token: b.token })).body.status).toBe('disconnected');
    expect((await api(rt, 'GET', '/integrations/meta/ad-accounts', { token: b.token })).body.error.code).toBe(
      'not_connected',
    );
  });

  it('adds a system-user token validated with debug_token, and refuses a bad one', async () => {
    const { token } = workspace();
    await connect(token);
    const systemUser = rt.simulator?.scenario.tokens.find((t) => t.kind === 'system_user');
    expect(systemUser).toBeDefined();
    const added = await api(rt, 'POST', '/integrations/meta/tokens', {
      token,
      body: { accessToken: systemUser?.accessToken, label: 'Agency system user' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ kind: 'system_user', label: 'Agency system user', status: 'active' });
    expect(JSON.stringify(added.body)).not.toContain(systemUser?.accessToken);
    const bogus = await api(rt, 'POST', '/integrations/meta/tokens', {
      token,
      body: { accessToken: 'EAAthis-token-does-not-exist-at-meta', label: 'nope' },
    });
    expect(bogus.status).toBe(422);
    expect(bogus.body.error.code).toBe('token_invalid');
    const state = await api(rt, 'GET', '/integrations/meta', { token });
    expect(state.body.tokens.map((t: { kind: string }) => t.kind).sort()).toEqual(['system_user', 'user']);
  });

  it('refreshes a token nearing expiry on the hourly schedule', async () => {
    const { workspaceId, token } = workspace();
    await connect(token);
    const store = new DynamoConnectionStore();
    const [ref] = await store.listTokens(workspaceId);
    if (!ref) throw new Error('no token');
    await store.replaceToken({ ...ref, expiresAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });
    const exchangesBefore = rt.simulator?.countRequests({ path: '/oauth/access_token' }) ?? 0;
    await rt.fireSchedule('token-refresh');
    await rt.idle();
    const [after] = await store.listTokens(workspaceId);
    expect(after?.refreshedAt).toBeDefined();
    expect(Date.parse(after?.expiresAt ?? '')).toBeGreaterThan(Date.now() + 50 * 86_400_000);
    expect(
      (rt.simulator?.countRequests({ path: '/oauth/access_token' }) ?? 0) - exchangesBefore,
    ).toBeGreaterThanOrEqual(1);
    expect((await api(rt, 'GET', '/integrations/meta', { token })).body.status).toBe('connected');
  });

  it('marks a revoked token for reauth and asks the user to reconnect', async () => {
    const { workspaceId, token } = workspace();
    await connect(token);
    const [ref] = await new DynamoConnectionStore().listTokens(workspaceId);
    rt.simulator?.revokeToken(await new SecretsManagerTokenVault().get(ref?.secretId ?? ''));
    await rt.fireSchedule('token-refresh');
    await rt.idle();
    const state = await api(rt, 'GET', '/integrations/meta', { token });
    expect(state.body.status).toBe('needs_reauth');
    expect(state.body.tokens[0].status).toBe('invalid');
    const notes = await api(rt, 'GET', '/notifications', { token });
    expect(notes.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'reconnect_required' })]),
    );
  });

  it('disconnects: revoke at Meta, secrets gone, and no Graph call afterwards even for queued work', async () => {
    const { workspaceId, token } = workspace();
    await connect(token);
    const store = new DynamoConnectionStore();
    const [ref] = await store.listTokens(workspaceId);
    await rt.idle();
    // Work queued for this connection that runs only after the disconnect.
    const { generation } = await store.get(workspaceId);
    await rt.sqs.send(
      new SendMessageCommand({
        QueueUrl: rt.queueUrls.tokenRefresh?.url,
        MessageBody: JSON.stringify({ workspaceId, generation }),
        DelaySeconds: 1,
      }),
    );
    // Every workspace here logged in as the same Meta user: revoking for one would cut off the
    // others, so their disconnects keep the login at Meta; the last one revokes it.
    for (const other of connected.filter((t) => t !== token)) {
      const kept = await api(rt, 'DELETE', '/integrations/meta', { token: other });
      expect(kept.status).toBe(204);
      expect(kept.headers.get('meta-revocation')).toMatch(/^(kept|none)$/);
    }
    expect(rt.simulator?.countRequests({ path: '/me/permissions', method: 'DELETE' })).toBe(0);
    const res = await api(rt, 'DELETE', '/integrations/meta', { token });
    expect(res.status).toBe(204);
    expect(res.headers.get('meta-revocation')).toBe('revoked');
    expect(rt.simulator?.countRequests({ path: '/me/permissions', method: 'DELETE' })).toBeGreaterThanOrEqual(
      1,
    );
    const after = rt.simulator?.requests().length ?? 0;
    expect((await api(rt, 'POST', '/meta/sync', { token, body: {} })).status).toBe(409);
    await rt.fireSchedule('token-refresh');
    await rt.idle();
    expect(rt.simulator?.requests().slice(after)).toEqual([]);
    expect((await api(rt, 'GET', '/integrations/meta', { token })).body).toMatchObject({
      status: 'disconnected',
      tokens: [],
    });
    await expect(new SecretsManagerTokenVault().get(ref?.secretId ?? '')).rejects.toThrow();
  });
});
