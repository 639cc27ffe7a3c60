import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { bulkRoute, campaignRoutes } from '../../../shared/contracts/campaigns';
import { answerMcp } from '../../../shared/mcp/mcp-endpoint';
import { callRoute, routeHandlersOf } from '../../../shared/mcp/route-call';
import { NotFoundError } from '../../../shared/platform/errors';
import { httpRoute, httpRouter } from '../../../shared/platform/http';

const context = { awsRequestId: 'req-1', functionName: 'mcp' } as Context;
const seen: {
  event?: APIGatewayProxyEventV2WithJWTAuthorizer;
  principal?: unknown;
  key?: string;
  body?: unknown;
} = {};

/** Fake route handlers on the real middy stack and contracts: they record what reached them. */
const pause = httpRoute(campaignRoutes.pause, async (req) => {
  seen.principal = req.principal;
  seen.key = req.headers['idempotency-key'];
  return {
    status: 200,
    body: {
      id: req.params.id,
      level: 'campaign',
      adAccountId: 'act_1',
      name: 'Spring',
      status: 'PAUSED',
      currency: 'EUR',
      updatedAt: '2026-12-02T00:00:00.000Z',
    },
  };
});
const bulk = httpRoute(bulkRoute, async (req) => {
  seen.body = req.body;
  return { status: 200, body: { results: req.body.operations.map(() => ({ status: 200 })) } };
});
const handlers = routeHandlersOf(httpRouter(pause), bulk);
const principal = { sub: 'agent-7', workspaceId: 'ws-1', actor: 'agent' as const };

async function rpc(message: unknown, headers: Record<string, string> = {}) {
  return answerMcp(
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      rawBody: Buffer.from(JSON.stringify(message)),
      principal,
      correlationId: 'corr-1',
    },
    handlers,
    context,
  );
}
const call = (name: string, args: Record<string, unknown>) =>
  rpc({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name, arguments: args } });

describe('answerMcp', () => {
  it('initializes, accepts the initialized notification with 202, and lists 27 tools', async () => {
    const init = await rpc({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    });
    expect(init).toMatchObject({
      status: 200,
      body: { id: 1, result: { serverInfo: { name: 'meta-ads' } } },
    });
    expect(await rpc({ jsonrpc: '2.0', method: 'notifications/initialized' })).toMatchObject({ status: 202 });
    const list = await rpc({ jsonrpc: '2.0', id: 3, method: 'tools/list' });
    expect((list.body as { result: { tools: unknown[] } }).result.tools).toHaveLength(27);
  });

  it("runs a tool as the request's principal through its route's handler, the key as Idempotency-Key", async () => {
    const answer = await call('pause_campaign', { id: '55', idempotencyKey: 'k-55' });
    expect(answer.status).toBe(200);
    const result = (answer.body as { result: { structuredContent: unknown; isError?: boolean } }).result;
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toMatchObject({ status: 200, result: { id: '55', status: 'PAUSED' } });
    expect(seen.principal).toEqual(principal);
    expect(seen.key).toBe('k-55');
  });

  it('answers bad arguments as an error result naming them, before any route runs', async () => {
    seen.key = undefined;
    const answer = await call('pause_campaign', { id: 'abc', idempotencyKey: 'k' });
    const result = (
      answer.body as { result: { isError: boolean; structuredContent: { error: { details: unknown } } } }
    ).result;
    expect(result.isError).toBe(true);
    expect(result.structuredContent.error.details).toEqual([
      { argument: 'id', message: "must be Meta's numeric id" },
    ]);
    expect(seen.key).toBeUndefined();
  });

  it('gives bulk operations without a key "<key>:<index>"', async () => {
    await call('bulk_operations', {
      idempotencyKey: 'batch',
      operations: [
        { op: 'pause', level: 'campaign', id: '1' },
        { op: 'pause', level: 'campaign', id: '2', idempotencyKey: 'mine' },
      ],
    });
    expect(seen.body).toEqual({
      operations: [
        { op: 'pause', level: 'campaign', id: '1', idempotencyKey: 'batch:0' },
        { op: 'pause', level: 'campaign', id: '2', idempotencyKey: 'mine' },
      ],
    });
  });

  it('answers an unknown tool with a JSON-RPC error, a wrong Accept with 406, a non-message with 400', async () => {
    const unknown = await call('drop_tables', {});
    expect(unknown.body).toMatchObject({
      id: 2,
      error: { code: -32602, message: expect.stringContaining('drop_tables') },
    });
    expect((await rpc({ jsonrpc: '2.0', id: 4, method: 'tools/list' }, { accept: 'text/html' })).status).toBe(
      406,
    );
    expect((await rpc({ jsonrpc: '2.0', id: 5 })).status).toBe(400);
  });
});

describe('callRoute', () => {
  it('builds the event the HTTP API would: route key, path with the id, claims, headers, JSON body', async () => {
    let event: APIGatewayProxyEventV2WithJWTAuthorizer | undefined;
    const recorder = Object.assign(
      async (e: APIGatewayProxyEventV2WithJWTAuthorizer) => {
        event = e;
        return { statusCode: 204, headers: { 'X-Correlation-Id': 'c' } };
      },
      { contract: campaignRoutes.patch },
    );
    const answer = await callRoute(
      routeHandlersOf(recorder),
      {
        route: campaignRoutes.patch,
        pathParameters: { id: '9/9' },
        query: { dryRun: 'true' },
        body: { name: 'N' },
        idempotencyKey: 'k',
      },
      {
        claims: { sub: 's', workspace_id: 'w', actor: 'agent' },
        correlationId: 'corr',
        sourceIp: '10.0.0.1',
      },
      context,
    );
    expect(answer).toEqual({ status: 204, headers: { 'x-correlation-id': 'c' }, body: undefined });
    expect(event).toMatchObject({
      routeKey: 'PATCH /meta/campaigns/{id}',
      rawPath: '/meta/campaigns/9%2F9',
      rawQueryString: 'dryRun=true',
      queryStringParameters: { dryRun: 'true' },
      pathParameters: { id: '9/9' },
      body: '{"name":"N"}',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k', 'x-correlation-id': 'corr' },
      requestContext: { authorizer: { jwt: { claims: { sub: 's', workspace_id: 'w', actor: 'agent' } } } },
    });
  });

  it('refuses a route no handler serves', async () => {
    await expect(
      callRoute(
        new Map(),
        { route: campaignRoutes.get, pathParameters: { id: '1' }, query: {} },
        { claims: {}, correlationId: 'c', sourceIp: '1.1.1.1' },
        context,
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
