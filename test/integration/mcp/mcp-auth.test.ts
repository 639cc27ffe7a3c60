import {
  type CampaignWorld,
  campaignBody,
  connectedWorkspace,
  metaObjectsOf,
  mutate,
  newKey,
} from '../campaigns/campaign-fixture';
import { api } from '../support/runtime';
import { connectMcp, type McpSession } from './mcp-client';

/**
 * `/mcp` as an MCP client meets it before any tool runs: the bearer JWT and where to get one
 * (RFC 9728), the stateless Streamable HTTP transport, and a principal that only the token
 * names.
 */
describe('MCP auth and transport', () => {
  let world: CampaignWorld;
  let agent: McpSession;
  const metadataUrl = () => `${world.rt.url}/.well-known/oauth-protected-resource`;
  const STREAMABLE = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };
  const toolsList = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} };

  beforeAll(async () => {
    world = await connectedWorkspace();
    agent = await connectMcp(world.rt, world.agent);
  }, 90_000);

  afterAll(async () => {
    await agent?.close();
    await world?.rt.stop();
  });

  describe('the bearer token', () => {
    it('answers a POST without a token 401, naming the protected-resource metadata', async () => {
      const answer = await api(world.rt, 'POST', '/mcp', {
        token: null,
        body: toolsList,
        headers: STREAMABLE,
      });
      expect(answer.status).toBe(401);
      const challenge = answer.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(/^Bearer /);
      expect(challenge).toContain(`resource_metadata="${metadataUrl()}"`);
      expect(challenge).not.toContain('invalid_token');
    });

    it('answers a bad token 401 with error="invalid_token", and the SDK client cannot connect', async () => {
      const answer = await api(world.rt, 'POST', '/mcp', {
        token: 'not-a-jwt',
        body: toolsList,
        headers: STREAMABLE,
      });
      expect(answer.status).toBe(401);
      const challenge = answer.headers.get('www-authenticate') ?? '';
      expect(challenge).toContain('error="invalid_token"');
      expect(challenge).toContain(`resource_metadata="${metadataUrl()}"`);
      await expect(connectMcp(world.rt, 'not-a-jwt')).rejects.toThrow();
    });

    it('serves the protected-resource metadata without auth: our /mcp, the JWT issuer, header bearer', async () => {
      const metadata = await api(world.rt, 'GET', '/.well-known/oauth-protected-resource', { token: null });
      expect(metadata.status).toBe(200);
      expect(metadata.body).toMatchObject({
        resource: `${world.rt.url}/mcp`,
        authorization_servers: [`${world.rt.url}/`],
        bearer_methods_supported: ['header'],
      });
    });
  });

  describe('the transport', () => {
    it('answers GET /mcp 405 with Allow: POST (no event stream)', async () => {
      const answer = await api(world.rt, 'GET', '/mcp', {
        token: world.agent,
        headers: { accept: 'text/event-stream' },
      });
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toBe('POST');
    });

    it('answers a tools/list without initialize or session in JSON (stateless)', async () => {
      const answer = await api(world.rt, 'POST', '/mcp', {
        token: world.agent,
        body: toolsList,
        headers: STREAMABLE,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.headers.get('mcp-session-id')).toBeNull();
      expect(answer.body).toMatchObject({ jsonrpc: '2.0', id: 1, result: { tools: expect.any(Array) } });
      expect(answer.body.result.tools).toHaveLength(27);
    });

    it.each([
      ['a message without a method', { jsonrpc: '2.0', id: 7 }],
      ['a body that is not JSON-RPC', { hello: 'world' }],
      ['a body that is not JSON', '{"jsonrpc": "2.0", '],
    ])('answers %s with 400 and a JSON-RPC error', async (_, body) => {
      const answer = await api(world.rt, 'POST', '/mcp', { token: world.agent, body, headers: STREAMABLE });
      expect(answer.status).toBe(400);
      // JSON-RPC 2.0 §5.1: -32700 Parse error, with a null id (the SDK's answer, not the §5 REST shape).
      expect(answer.body).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32700, message: expect.stringMatching(/^Parse error/) },
      });
    });
  });

  it('answers another content type 415 with a JSON-RPC error', async () => {
    const answer = await api(world.rt, 'POST', '/mcp', {
      token: world.agent,
      body: JSON.stringify(toolsList),
      headers: { ...STREAMABLE, 'content-type': 'text/plain' },
    });
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({ jsonrpc: '2.0', error: { code: expect.any(Number) } });
  });

  describe('the principal comes from the token', () => {
    it("refuses an `actor` argument, and an agent's token reads only the agent's audit", async () => {
      const mine = await mutate(world, 'POST', '/meta/campaigns', {
        body: campaignBody({ status: 'ACTIVE' }),
      });
      expect(mine.status).toBe(201);
      const creates = metaObjectsOf(world).createCalls.campaign;

      const posing = await agent.call('create_campaign', {
        name: 'Posing as the user',
        objective: 'OUTCOME_TRAFFIC',
        specialAdCategories: [],
        actor: 'user',
        idempotencyKey: newKey(),
      });
      expect(posing).toMatchObject({ isError: true, status: 400, error: { code: 'validation_error' } });
      expect(posing.error?.message).toContain('actor');
      expect(metaObjectsOf(world).createCalls.campaign).toBe(creates);

      // `actor` is list_audit's filter; it cannot widen what an agent's token reads.
      const usersEntries = await agent.call('list_audit', { actor: 'user', limit: 50 });
      expect(usersEntries.isError).toBe(false);
      expect(usersEntries.result.items).toEqual([]);
      const userView = await api(world.rt, 'GET', `/meta/audit?objectId=${mine.body.id}`, {
        token: world.user,
      });
      expect(userView.body.items).toHaveLength(1);
    });

    it("is the agent, whatever its request's headers say", async () => {
      const answer = await api(world.rt, 'POST', '/mcp', {
        token: world.agent,
        headers: { ...STREAMABLE, 'x-actor': 'user', 'x-workspace-id': 'someone-else' },
        body: {
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: {
            name: 'create_campaign',
            arguments: {
              name: 'Header trick',
              objective: 'OUTCOME_TRAFFIC',
              specialAdCategories: [],
              idempotencyKey: newKey(),
            },
          },
        },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.result).toMatchObject({
        isError: true,
        structuredContent: { status: 403, error: { code: 'agent_control_denied' } },
      });
    });
  });
});
