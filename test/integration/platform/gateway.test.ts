import { signHs256 } from '../../../infra/local/jwt';
import type { LocalRuntime } from '../../../infra/local/runtime';
import { api, startTestRuntime } from '../support/runtime';

describe('the local gateway (HTTP API stand-in)', () => {
  let rt: LocalRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(() => rt.stop());

  it('answers /health without auth', async () => {
    const res = await api(rt, 'GET', '/health', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers.get('x-correlation-id')).toBeTruthy();
  });

  it('serves the OpenAPI document with every route', async () => {
    const res = await api(rt, 'GET', '/openapi.json', { token: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.0.3');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/integrations/meta', '/integrations/meta/callback']),
    );
    expect(res.body.paths['/integrations/meta/ad-account'].put.requestBody).toBeDefined();
    const confirm = res.body.paths['/integrations/meta/confirm'].post;
    expect(confirm.requestBody.content['application/json'].schema.properties).toHaveProperty('completion');
    expect(confirm.security).toEqual([{ bearer: [] }]);
  });

  it('answers an unknown route with 404 JSON', async () => {
    const res = await api(rt, 'GET', '/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('route_not_found');
  });

  it('refuses a missing, forged or expired token with 401', async () => {
    expect((await api(rt, 'GET', '/integrations/meta', { token: null })).status).toBe(401);
    const forged = signHs256({ sub: 'x', workspace_id: 'w', actor: 'user' }, 'not-the-local-secret-at-all');
    expect((await api(rt, 'GET', '/integrations/meta', { token: forged })).body.error.code).toBe(
      'unauthorized',
    );
    const expired = signHs256({ sub: 'x', workspace_id: 'w', actor: 'user', exp: 1 }, rt.jwtSecret);
    const res = await api(rt, 'GET', '/integrations/meta', { token: expired });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/expired/);
  });

  it('challenges a 401 with where the token comes from, and invalid_token only when one was given', async () => {
    const metadata = `resource_metadata="${rt.url}/.well-known/oauth-protected-resource"`;
    const missing = await api(rt, 'POST', '/mcp', {
      token: null,
      body: { jsonrpc: '2.0', method: 'ping', id: 1 },
    });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe(`Bearer ${metadata}`);

    const forged = signHs256({ sub: 'x', workspace_id: 'w', actor: 'agent' }, 'not-the-local-secret-at-all');
    const bad = await api(rt, 'GET', '/integrations/meta', { token: forged });
    expect(bad.status).toBe(401);
    const challenge = bad.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer error="invalid_token", error_description="Invalid token: [^"]+", /);
    expect(challenge.endsWith(metadata)).toBe(true);

    const document = await api(rt, 'GET', '/.well-known/oauth-protected-resource', { token: null });
    expect(document.status).toBe(200);
    expect(document.body.resource).toBe(`${rt.url}/mcp`);
  });

  it('refuses a token without the workspace claim with 401', async () => {
    const token = signHs256({ sub: 'x', actor: 'user' }, rt.jwtSecret);
    expect((await api(rt, 'GET', '/integrations/meta', { token })).status).toBe(401);
  });

  it('answers bad JSON with 400 and the parse error', async () => {
    const res = await api(rt, 'PUT', '/integrations/meta/ad-account', { body: '{"adAccountId":' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('answers a body over the limit with 413', async () => {
    const res = await api(rt, 'PUT', '/integrations/meta/ad-account', {
      body: { adAccountId: 'x'.repeat(1_100_000) },
    });
    expect(res.status).toBe(413);
  });

  it('answers a disconnected workspace with a clear state', async () => {
    const res = await api(rt, 'GET', '/integrations/meta', { token: rt.token({ workspace_id: 'fresh-ws' }) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'disconnected', scopes: [], declinedScopes: [], tokens: [] });
  });

  it('fires a schedule on demand through the local control API', async () => {
    const ok = await fetch(`${rt.url}/__local/schedules/token-refresh/fire`, { method: 'POST' });
    expect(ok.status).toBe(202);
    const missing = await fetch(`${rt.url}/__local/schedules/nope/fire`, { method: 'POST' });
    expect(missing.status).toBe(404);
  });

  it('serves the dev console with a working token', async () => {
    const res = await fetch(`${rt.url}/console`);
    const html = await res.text();
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const token = /DEV_TOKEN = "([^"]+)"/.exec(html)?.[1];
    expect((await api(rt, 'GET', '/integrations/meta', { token })).status).toBe(200);
  });
});
