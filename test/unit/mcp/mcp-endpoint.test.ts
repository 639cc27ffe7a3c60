import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { lambdaContext } from '../../../infra/local/lambda-context';
import { bulkRoute, campaignRoutes } from '../../../shared/contracts/campaigns';
import { answerMcp, listedTools, type McpHttpRequest } from '../../../shared/mcp/mcp-endpoint';
import { routeHandlersOf } from '../../../shared/mcp/route-call';
import { mcpTools } from '../../../shared/mcp/tool-catalog';
import type { Principal } from '../../../shared/platform/auth';
import { UnprocessableError } from '../../../shared/platform/errors';
import { httpRoute } from '../../../shared/platform/http';

const context = lambdaContext('mcp', 29, 512);
const agent: Principal = { sub: 'agent-7', workspaceId: 'ws-1', actor: 'agent' };

/** What the fake routes saw: who called, from where, with which body. */
interface Seen {
  principal: Principal;
  forwardedFor?: string;
  idempotencyKey?: string;
  body?: unknown;
  dryRun?: boolean;
}
let seen: Seen[] = [];

const pausedCampaign = {
  id: '120200000001',
  level: 'campaign' as const,
  adAccountId: 'act_1',
  name: 'Spring',
  status: 'PAUSED' as const,
  currency: 'USD',
  dailyBudget: 2500,
  amounts: { dailyBudget: { minor: 2500, currency: 'USD', formatted: '$25.00' } },
  updatedAt: '2026-01-01T00:00:00.000Z',
};

/** Fake route handlers on the real stack and contracts: answers are checked as in the local runtime. */
const handlers = routeHandlersOf(
  httpRoute(campaignRoutes.pause, async (req) => {
    seen.push({
      principal: req.principal,
      forwardedFor: req.headers['x-forwarded-for'],
      idempotencyKey: req.headers['idempotency-key'],
      dryRun: req.query.dryRun,
    });
    return { status: 200, body: { ...pausedCampaign, id: req.params.id } };
  }),
  httpRoute(campaignRoutes.patch, async (req) => {
    seen.push({ principal: req.principal, body: req.body });
    throw new UnprocessableError('The daily budget would pass the cap.', {
      code: 'spend_cap_exceeded',
      details: { cap: 10000, current: 8000, headroom: 2000 },
    });
  }),
  httpRoute(bulkRoute, async (req) => {
    seen.push({ principal: req.principal, body: req.body });
    return { status: 200, body: { results: req.body.operations.map(() => ({ status: 200 })) } };
  }),
);

const ACCEPT = 'application/json, text/event-stream';

/** An HTTP request to POST /mcp as the Lambda hands it on: headers lower-cased, the body as bytes. */
async function mcpRequest(request: Request, principal: Principal = agent): Promise<McpHttpRequest> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return {
    method: request.method,
    headers,
    rawBody: Buffer.from(await request.arrayBuffer()),
    principal,
    correlationId: 'corr-1',
  };
}

function post(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request('https://api.example.com/mcp', {
    method: 'POST',
    headers: {
      accept: ACCEPT,
      'content-type': 'application/json',
      authorization: 'Bearer not-for-the-tools',
      'x-forwarded-for': '198.51.100.4, 10.0.0.1',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function send(request: Request, principal?: Principal) {
  return answerMcp(await mcpRequest(request, principal), handlers, context);
}

let nextId = 1;
const rpc = (method: string, params?: unknown) => ({ jsonrpc: '2.0', id: nextId++, method, params });

/** `tools/call` of one tool; its JSON-RPC result (or error). */
async function callTool(name: string, args: Record<string, unknown>, principal?: Principal) {
  const answer = await send(post(rpc('tools/call', { name, arguments: args })), principal);
  expect(answer.status).toBe(200);
  return answer.body as {
    result?: { isError?: boolean; structuredContent: Record<string, unknown>; content: { text: string }[] };
    error?: { code: number; message: string };
  };
}

beforeEach(() => {
  seen = [];
});

describe('answerMcp (POST /mcp, stateless JSON)', () => {
  it('answers initialize with the server, its tools capability and instructions', async () => {
    const answer = await send(
      post(
        rpc('initialize', {
          protocolVersion: LATEST_PROTOCOL_VERSION,
          capabilities: {},
          clientInfo: { name: 'test', version: '1' },
        }),
      ),
    );
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/application\/json/);
    expect(answer.headers).not.toHaveProperty('mcp-session-id');
    expect(answer.body).toMatchObject({
      jsonrpc: '2.0',
      result: {
        protocolVersion: LATEST_PROTOCOL_VERSION,
        serverInfo: { name: 'meta-ads' },
        capabilities: { tools: { listChanged: false } },
        instructions: expect.stringContaining('idempotencyKey'),
      },
    });
  });

  it('accepts notifications/initialized with 202 and no body', async () => {
    const answer = await send(post({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    expect(answer.status).toBe(202);
    expect(answer.body).toBeUndefined();
  });

  it('lists every tool with its JSON Schema, the same list each time', async () => {
    const answer = await send(post(rpc('tools/list')));
    expect(answer.status).toBe(200);
    const tools = (answer.body as { result: { tools: { name: string; inputSchema: { type: string } }[] } })
      .result.tools;
    expect(tools.map((tool) => tool.name)).toEqual(mcpTools.map((tool) => tool.name));
    expect(tools.every((tool) => tool.inputSchema.type === 'object')).toBe(true);
    expect(listedTools()).toBe(listedTools());
  });

  it('runs a tool through its route as the request’s principal, from the caller’s address', async () => {
    const body = await callTool('pause_campaign', {
      id: '120200000009',
      idempotencyKey: 'k-1',
      dryRun: false,
    });
    expect(body.error).toBeUndefined();
    expect(body.result?.isError).toBeUndefined();
    expect(body.result?.structuredContent).toEqual({
      status: 200,
      result: { ...pausedCampaign, id: '120200000009' },
    });
    expect(body.result?.content[0]?.text).toMatch(/^OK \(200\)\. Amounts: dailyBudget \$25\.00\/day/);
    expect(seen).toEqual([
      { principal: agent, forwardedFor: '198.51.100.4', idempotencyKey: 'k-1', dryRun: false },
    ]);

    const user: Principal = { sub: 'user-1', workspaceId: 'ws-2', actor: 'user' };
    await callTool('pause_campaign', { id: '1', idempotencyKey: 'k-2' }, user);
    expect(seen[1]?.principal).toEqual(user);
  });

  it('answers a route’s refusal as an isError result with its code and details', async () => {
    const body = await callTool('update_campaign', {
      id: '1',
      dailyBudget: { minor: 9000, currency: 'USD' },
      idempotencyKey: 'k-3',
    });
    expect(seen[0]?.body).toEqual({ dailyBudget: { minor: 9000, currency: 'USD' } });
    expect(body.result).toMatchObject({
      isError: true,
      structuredContent: {
        status: 422,
        error: { code: 'spend_cap_exceeded', details: { cap: 10000, current: 8000, headroom: 2000 } },
      },
    });
  });

  it('refuses bad arguments as an isError result naming each, before any route runs', async () => {
    const body = await callTool('pause_campaign', { id: 'abc', dailyBudget: 10 });
    expect(seen).toEqual([]);
    expect(body.result?.isError).toBe(true);
    expect(body.result?.structuredContent).toMatchObject({
      status: 400,
      error: { code: 'validation_error' },
    });
    const text = body.result?.content[0]?.text ?? '';
    expect(text).toContain('idempotencyKey: ');
    expect(text).toContain('(arguments): ');
    expect(text).toContain('dailyBudget');

    const bareAmount = await callTool('update_campaign', { id: '1', dailyBudget: 2500, idempotencyKey: 'k' });
    expect(bareAmount.result?.content[0]?.text).toContain('dailyBudget: ');
    expect(seen).toEqual([]);
  });

  it('answers an unknown tool with a JSON-RPC error', async () => {
    const body = await callTool('drop_tables', {});
    expect(body.result).toBeUndefined();
    expect(body.error).toMatchObject({ code: -32602, message: expect.stringContaining('drop_tables') });
  });

  it('gives each bulk operation without a key "<key>:<index>", keeping those that have one', async () => {
    const body = await callTool('bulk_operations', {
      idempotencyKey: 'bulk-7',
      operations: [
        { op: 'pause', level: 'campaign', id: '1' },
        {
          op: 'update',
          level: 'adset',
          id: '2',
          body: { dailyBudget: { minor: 100, currency: 'USD' } },
          idempotencyKey: 'own',
        },
        { op: 'resume', level: 'ad', id: '3' },
      ],
    });
    expect(body.result?.isError).toBeUndefined();
    expect(seen).toHaveLength(1);
    const sent = seen[0]?.body as { operations: { idempotencyKey: string }[] } | undefined;
    expect(sent?.operations.map((op) => op.idempotencyKey)).toEqual(['bulk-7:0', 'own', 'bulk-7:2']);
  });

  it('answers a request without the Accept the transport needs with 406', async () => {
    const answer = await send(post(rpc('tools/list'), { accept: 'application/json' }));
    expect(answer.status).toBe(406);
    expect(answer.body).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
    const none = new Request('https://api.example.com/mcp', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rpc('tools/list')),
    });
    expect((await send(none)).status).toBe(406);
  });

  it('answers a malformed JSON-RPC message with 400', async () => {
    const notRpc = await send(post({ jsonrpc: '2.0', id: 'x', method: 42 }));
    expect(notRpc.status).toBe(400);
    expect(notRpc.body).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 } });
    const notJson = await send(post('{"jsonrpc":'));
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ error: { code: -32700 } });
  });
});
