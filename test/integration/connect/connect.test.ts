import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalRuntime } from '../../../infra/local/runtime';
import { withIssuesPayload } from '../../../infra/local/webhook-sender';
import { httpRoutes } from '../../../infra/manifest';
import { tables } from '../../../infra/resources';
import { dynamoDocumentClient, secretsClient } from '../../../shared/store/aws-clients';
import { tokenVault } from '../../../shared/store/container-token-vault';
import { DynamoConnectionStore } from '../../../shared/store/dynamodb/connection-store';
import { connectThroughMeta, decideLogin, loginThroughMeta } from '../support/meta-login';
import { api, startTestRuntime } from '../support/runtime';

/** The vault ids of a workspace's stored tokens: its sealed items in the app table. */
async function storedTokensOf(workspaceId: string): Promise<string[]> {
  const out = await dynamoDocumentClient().send(
    new QueryCommand({
      TableName: process.env[tables.app.envVar],
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `WS#${workspaceId}`, ':prefix': 'TOKEN_CIPHER#' },
    }),
  );
  return (out.Items ?? []).map((i) => `vault:${workspaceId}/${String(i.tokenId)}`).sort();
}

/** Names of the Secrets Manager token secrets of a workspace (the local Secrets Manager). */
async function secretNamesOf(workspaceId: string): Promise<string[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await secretsClient().send(new ListSecretsCommand({ MaxResults: 100, NextToken }));
    for (const s of page.SecretList ?? [])
      if (s.Name?.startsWith(`meta/token/${workspaceId}/`)) names.push(s.Name);
    NextToken = page.NextToken;
  } while (NextToken);
  return names.sort();
}

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

  /** Login at Meta and the dashboard's confirm on landing, as the workspace's own user. */
  async function connect(token: string) {
    const confirmed = await connectThroughMeta(rt, token);
    expect(confirmed.status).toBe(200);
    return confirmed;
  }

  it('connects: login, code exchange, token held until the user confirms, then connected and first sync started', async () => {
    const { workspaceId, token } = workspace();
    const back = await loginThroughMeta(rt, token);
    expect(back.pathname).toBe('/console/integrations/meta');
    expect(back.searchParams.get('status')).toBe('confirm');
    const completion = back.searchParams.get('completion') ?? '';
    expect(completion).toMatch(/^[\w-]{40,}$/);
    // The callback alone connects nothing.
    expect((await api(rt, 'GET', '/integrations/meta', { token })).body).toMatchObject({
      status: 'disconnected',
      tokens: [],
    });
    // The token waits sealed in the pending record: no token is stored before the confirm.
    expect(await storedTokensOf(workspaceId)).toEqual([]);

    const confirmed = await api(rt, 'POST', '/integrations/meta/confirm', { token, body: { completion } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'connected',
      tokens: [expect.objectContaining({ id: 'login' })],
    });
    // One stored token per confirmed login: a stale confirm can only ever touch its own.
    const stored = await storedTokensOf(workspaceId);
    expect(stored).toEqual([expect.stringMatching(`^vault:${workspaceId}/login-`)]);
    await rt.idle();

    const state = await api(rt, 'GET', '/integrations/meta', { token });
    // The first sync ran.
    expect(state.body.lastSync).toMatchObject({ status: expect.stringMatching(/succeeded|partial/) });
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
    // The token lives sealed in the app table, named by its ref; none in Secrets Manager.
    const [ref] = await new DynamoConnectionStore().listTokens(workspaceId);
    expect(ref?.secretId).toBe(stored[0]);
    expect(await tokenVault().get(ref?.secretId ?? '')).toMatch(/\w{20,}/);
    expect(await secretNamesOf(workspaceId)).toEqual([]);
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

  it("connects nothing when the login is finished in someone else's browser, and drops their token", async () => {
    // Alice starts Connect and sends the login link on; Mallory consents in her own browser,
    // lands on her own dashboard, which confirms as her.
    const alice = workspace();
    const mallory = workspace();
    const sameWorkspace = rt.token({ workspace_id: alice.workspaceId, sub: 'alices-colleague' });
    for (const [who, token] of [
      ['another workspace', mallory.token],
      ['another user of the same workspace', sameWorkspace],
    ] as const) {
      const back = await loginThroughMeta(rt, alice.token);
      const completion = back.searchParams.get('completion');
      const refused = await api(rt, 'POST', '/integrations/meta/confirm', { token, body: { completion } });
      expect([who, refused.status, refused.body.error.code]).toEqual([who, 403, 'connect_not_yours']);
      // The held token is gone: not even Alice can use the completion now.
      expect(await storedTokensOf(alice.workspaceId)).toEqual([]);
      const late = await api(rt, 'POST', '/integrations/meta/confirm', {
        token: alice.token,
        body: { completion },
      });
      expect(late.status).toBe(404);
    }
    for (const { token } of [alice, mallory]) {
      expect((await api(rt, 'GET', '/integrations/meta', { token })).body).toMatchObject({
        status: 'disconnected',
        tokens: [],
      });
    }
    expect(await storedTokensOf(mallory.workspaceId)).toEqual([]);
  });

  it('answers 404 to a login voided by a disconnect, and keeps the newer login that connected since', async () => {
    const { workspaceId, token } = workspace();
    await connect(token);
    const stale = (await loginThroughMeta(rt, token)).searchParams.get('completion');
    expect((await api(rt, 'DELETE', '/integrations/meta', { token })).status).toBe(204);
    await connect(token);
    const liveSecrets = await storedTokensOf(workspaceId);
    const [live] = await new DynamoConnectionStore().listTokens(workspaceId);
    const voided = await api(rt, 'POST', '/integrations/meta/confirm', {
      token,
      body: { completion: stale },
    });
    expect(voided.status).toBe(404);
    expect(await storedTokensOf(workspaceId)).toEqual(liveSecrets);
    expect(await new DynamoConnectionStore().listTokens(workspaceId)).toEqual([live]);
    expect(await tokenVault().get(live?.secretId ?? '')).toMatch(/\w{20,}/);
    expect((await api(rt, 'GET', '/integrations/meta', { token })).body).toMatchObject({
      status: 'connected',
      tokens: [expect.objectContaining({ id: 'login' })],
    });
  });

  it('answers 404 to a replayed and an unknown completion (expiry: the unit tests)', async () => {
    const { token } = workspace();
    const back = await loginThroughMeta(rt, token);
    const completion = back.searchParams.get('completion');
    expect(
      (await api(rt, 'POST', '/integrations/meta/confirm', { token, body: { completion } })).status,
    ).toBe(200);
    const replay = await api(rt, 'POST', '/integrations/meta/confirm', { token, body: { completion } });
    expect(replay.status).toBe(404);
    const unknown = await api(rt, 'POST', '/integrations/meta/confirm', {
      token,
      body: { completion: 'x'.repeat(43) },
    });
    expect(unknown.status).toBe(404);
  });

  it('refuses a replayed callback and a forged state', async () => {
    const { token } = workspace();
    const start = await api(rt, 'POST', '/integrations/meta/connect', { token });
    const toCallback = await decideLogin(start.body.authorizeUrl, 'continue');
    expect((await fetch(toCallback, { redirect: 'manual' })).headers.get('location')).toMatch(
      /status=confirm&completion=/,
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

  it('refuses an agent every route that changes the connection (403 agent_control_denied), with no effect', async () => {
    const { workspaceId, token } = workspace();
    await connect(token);
    await rt.idle();
    const agent = rt.token({ workspace_id: workspaceId, sub: 'agent-1', actor: 'agent' });
    const adAccountId: string = (await api(rt, 'GET', '/integrations/meta/ad-accounts', { token: agent }))
      .body.items[0].id;
    // A login the user has finished at Meta and not yet confirmed.
    const completion = (await loginThroughMeta(rt, token)).searchParams.get('completion');
    const systemUser = rt.simulator?.scenario.tokens.find((t) => t.kind === 'system_user');
    const bodies: Record<string, unknown> = {
      'POST /integrations/meta/confirm': { completion },
      'PUT /integrations/meta/ad-account': { adAccountId },
      'POST /integrations/meta/tokens': { accessToken: systemUser?.accessToken, label: 'by an agent' },
    };
    const userRoutes = httpRoutes()
      .map(({ trigger }) => trigger)
      .filter((t) => t.path.startsWith('/integrations/meta') && t.auth === 'user')
      .map((t) => `${t.method} ${t.path}`);
    expect(userRoutes.sort()).toEqual([
      'DELETE /integrations/meta',
      'POST /integrations/meta/confirm',
      'POST /integrations/meta/connect',
      'POST /integrations/meta/tokens',
      'PUT /integrations/meta/ad-account',
    ]);
    const before = await api(rt, 'GET', '/integrations/meta', { token });
    const metaCallsBefore = rt.simulator?.requests().length;
    for (const route of userRoutes) {
      const [method, path] = route.split(' ') as [string, string];
      const res = await api(rt, method, path, { token: agent, body: bodies[route] ?? {} });
      expect([route, res.status, res.body?.error?.code]).toEqual([route, 403, 'agent_control_denied']);
      expect(res.body.error.details).toMatchObject({ rule: 'users_only' });
    }
    await rt.idle();
    expect(rt.simulator?.requests().length).toBe(metaCallsBefore);
    expect((await api(rt, 'GET', '/integrations/meta', { token })).body).toEqual(before.body);
    // Reads stay open to agents.
    expect((await api(rt, 'GET', '/integrations/meta', { token: agent })).status).toBe(200);
    // The agent consumed nothing: the user's own confirm still works.
    expect(
      (await api(rt, 'POST', '/integrations/meta/confirm', { token, body: { completion } })).status,
    ).toBe(200);
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
    rt.simulator?.revokeToken(await tokenVault().get(ref?.secretId ?? ''));
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

  it('disconnects: unsubscribe, then revoke last, secrets gone, and no Graph call afterwards even for queued work', async () => {
    const { workspaceId, token } = workspace();
    await connect(token);
    const adAccountId: string = (await api(rt, 'GET', '/integrations/meta/ad-accounts', { token })).body
      .items[0].id;
    expect(
      (await api(rt, 'PUT', '/integrations/meta/ad-account', { token, body: { adAccountId } })).status,
    ).toBe(200);
    /** Whether Meta (the simulator) sends this ad account's events to the app: 409 = not subscribed. */
    const metaSendsEventsOf = async (id: string) => {
      const sent = await fetch(`${rt.simulator?.url}/__sim/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          withIssuesPayload({
            adAccountId: id,
            objectId: '120330000000009',
            level: 'AD',
            time: Math.floor(Date.now() / 1000),
          }),
        ),
      });
      const answer = (await sent.json()) as { error?: { message?: string } };
      if (sent.status === 409) expect(answer.error?.message).toBe('not_subscribed');
      else expect(sent.status).toBe(200);
      return sent.status === 200;
    };
    expect(await metaSendsEventsOf(adAccountId)).toBe(true);
    const store = new DynamoConnectionStore();
    const [ref] = await store.listTokens(workspaceId);
    await rt.idle();
    // Work for this connection, made before the disconnect, that runs only after it.
    const { generation } = await store.get(workspaceId);
    // Every workspace here logged in as the same Meta user: revoking for one would cut off the
    // others, so their disconnects keep the login at Meta; the last one revokes it.
    for (const other of connected.filter((t) => t !== token)) {
      const kept = await api(rt, 'DELETE', '/integrations/meta', { token: other });
      expect(kept.status).toBe(204);
      expect(kept.headers.get('meta-revocation')).toMatch(/^(kept|none)$/);
    }
    expect(rt.simulator?.countRequests({ path: '/me/permissions', method: 'DELETE' })).toBe(0);
    // Other workspaces that picked the same ad account left; this one still uses it.
    expect(await metaSendsEventsOf(adAccountId)).toBe(true);
    // The simulator's request log over its control API, as an out-of-process test reads it.
    const logged = async () =>
      (
        (await (await fetch(`${rt.simulator?.url}/__sim/requests`)).json()) as {
          requests: { method: string; path: string; status: number }[];
        }
      ).requests;
    const callsBefore = (await logged()).length;
    const res = await api(rt, 'DELETE', '/integrations/meta', { token });
    expect(res.status).toBe(204);
    expect(res.headers.get('meta-revocation')).toBe('revoked');
    expect(res.headers.get('meta-unsubscription')).toBe('unsubscribed');
    // Everything that needs the token first, the revocation last (a revoked token is refused).
    const disconnectCalls = (await logged())
      .slice(callsBefore)
      .map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(disconnectCalls).toEqual([
      `DELETE /${adAccountId}/subscribed_apps 200`,
      'DELETE /me/permissions 200',
    ]);
    expect(await metaSendsEventsOf(adAccountId)).toBe(false);
    expect(rt.simulator?.countRequests({ path: '/me/permissions', method: 'DELETE' })).toBeGreaterThanOrEqual(
      1,
    );
    const after = rt.simulator?.requests().length ?? 0;
    // Sent now rather than queued with a delay before: a delay a loaded machine outlasts would
    // run the refresh before the disconnect, in the disconnect's own request log.
    await rt.sqs.send(
      new SendMessageCommand({
        QueueUrl: rt.queueUrls.tokenRefresh?.url,
        MessageBody: JSON.stringify({ workspaceId, generation }),
      }),
    );
    expect((await api(rt, 'POST', '/meta/sync', { token, body: {} })).status).toBe(409);
    await rt.fireSchedule('token-refresh');
    await rt.idle();
    expect(rt.simulator?.requests().slice(after)).toEqual([]);
    expect((await api(rt, 'GET', '/integrations/meta', { token })).body).toMatchObject({
      status: 'disconnected',
      tokens: [],
    });
    await expect(tokenVault().get(ref?.secretId ?? '')).rejects.toThrow();
    // The sealed token items went with it.
    expect(await storedTokensOf(workspaceId)).toEqual([]);
  });
});
