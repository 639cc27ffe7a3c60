import type { LocalRuntime } from '../../../infra/local/runtime';
import { startTestRuntime } from '../support/runtime';
import { connectMcp } from './mcp-client';

/**
 * How a standard MCP client finds out where its token comes from, and what the transport
 * answers outside a tool call (MCP Streamable HTTP, stateless, JSON responses).
 */
describe('MCP auth and transport', () => {
  let rt: LocalRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime();
  }, 60_000);
  afterAll(() => rt?.stop());

  const initialize = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
  });
  const post = (headers: Record<string, string>, body = initialize) =>
    fetch(`${rt.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body,
    });

  it('answers no token with 401 naming the protected-resource metadata, without an error code', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${rt.url}/.well-known/oauth-protected-resource"`,
    );
  });

  it('answers a bad or expired token with 401 invalid_token and the same metadata', async () => {
    const forged = `${rt.token().slice(0, -4)}AAAA`;
    const bad = await post({ authorization: `Bearer ${forged}` });
    expect(bad.status).toBe(401);
    const challenge = bad.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer error="invalid_token", error_description="[^"]+", /);
    expect(challenge).toContain(`resource_metadata="${rt.url}/.well-known/oauth-protected-resource"`);
    const expired = await post({ authorization: `Bearer ${rt.token({ ttlSeconds: -10 })}` });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('token expired');
  });

  it('serves RFC 9728 metadata without auth: this /mcp, the JWT issuer, header bearer tokens', async () => {
    const res = await fetch(`${rt.url}/.well-known/oauth-protected-resource`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      resource: `${rt.url}/mcp`,
      authorization_servers: [process.env.JWT_ISSUER],
      bearer_methods_supported: ['header'],
      resource_name: expect.any(String),
      resource_documentation: `${rt.url}/openapi.json`,
    });
    expect(process.env.JWT_ISSUER).toBe(`${rt.url}/`);
  });

  it('initializes over plain HTTP with a token and answers JSON, no session id (stateless)', async () => {
    const res = await post({ authorization: `Bearer ${rt.token({ actor: 'agent' })}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('mcp-session-id')).toBeNull();
    const body = await res.json();
    expect(body).toMatchObject({
      jsonrpc: '2.0',
      id: 1,
      result: { serverInfo: { name: 'meta-ads' }, capabilities: { tools: {} } },
    });
    expect(body.result.instructions).toMatch(/minor/);
  });

  it('has no event stream: GET /mcp answers 405 Allow: POST', async () => {
    const res = await fetch(`${rt.url}/mcp`, { headers: { authorization: `Bearer ${rt.token()}` } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect((await res.json()).error.code).toBe('method_not_allowed');
  });

  it('refuses a message that is not JSON-RPC, and a client that accepts no JSON', async () => {
    const token = rt.token();
    const notRpc = await post({ authorization: `Bearer ${token}` }, JSON.stringify({ hello: 'world' }));
    expect(notRpc.status).toBe(400);
    expect((await notRpc.json()).error.code).toBe('validation_error');
    const wrongAccept = await post({ authorization: `Bearer ${token}`, accept: 'text/html' });
    expect(wrongAccept.status).toBe(406);
    expect(await wrongAccept.json()).toMatchObject({ jsonrpc: '2.0', error: { code: expect.any(Number) } });
  });

  it('lets the official client connect and list tools with a dev token', async () => {
    const session = await connectMcp(rt, rt.token({ actor: 'agent' }));
    try {
      const { tools } = await session.client.listTools();
      expect(tools).toHaveLength(27);
      expect(session.client.getServerVersion()).toMatchObject({ name: 'meta-ads' });
    } finally {
      await session.close();
    }
  });
});
