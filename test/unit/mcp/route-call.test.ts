import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { lambdaContext } from '../../../infra/local/lambda-context';
import { campaignRoutes, getControlsRoute } from '../../../shared/contracts/campaigns';
import { routeKeyOf } from '../../../shared/contracts/route-contract';
import { listAssetsRoute } from '../../../shared/contracts/sync';
import {
  type Caller,
  callRoute,
  type HttpHandler,
  type RouteCall,
  routeCallOf,
  routeHandlersOf,
} from '../../../shared/mcp/route-call';
import { mcpTools } from '../../../shared/mcp/tool-catalog';
import { toolInput } from '../../../shared/mcp/tool-input';
import { NotFoundError } from '../../../shared/platform/errors';
import { httpRoute, httpRouter } from '../../../shared/platform/http';

const context = lambdaContext('mcp', 29, 512);
const caller: Caller = {
  claims: { sub: 'agent-7', workspace_id: 'ws-1', actor: 'agent' },
  correlationId: 'corr-123',
  sourceIp: '203.0.113.9',
};

function toolCall(name: string, args: Record<string, unknown>): RouteCall {
  const spec = mcpTools.find((tool) => tool.name === name);
  if (!spec) throw new Error(`no tool ${name}`);
  return routeCallOf(spec.route, toolInput(spec), args);
}

/** A route handler that keeps the events it gets and answers `result`. */
function recordingHandler(result: APIGatewayProxyStructuredResultV2) {
  const events: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];
  const handler: HttpHandler = async (event) => {
    events.push(event);
    return result;
  };
  return { handler, events };
}

describe('routeCallOf (a tool call as its route request)', () => {
  it('puts each argument where the route takes it, and the key in its own place', () => {
    expect(
      toolCall('update_campaign', {
        id: '120200000001',
        dryRun: true,
        name: 'Spring',
        dailyBudget: { minor: 2500, currency: 'USD' },
        idempotencyKey: 'k-1',
      }),
    ).toEqual({
      route: campaignRoutes.patch,
      pathParameters: { id: '120200000001' },
      query: { dryRun: 'true' },
      body: { name: 'Spring', dailyBudget: { minor: 2500, currency: 'USD' } },
      idempotencyKey: 'k-1',
    });
  });

  it('leaves out what was not given: no body on a route without one, no key on a read', () => {
    expect(toolCall('pause_ad', { id: '5', idempotencyKey: 'k-2' })).toEqual({
      route: mcpTools.find((tool) => tool.name === 'pause_ad')?.route,
      pathParameters: { id: '5' },
      query: {},
      idempotencyKey: 'k-2',
    });
    const list = toolCall('list_campaigns', { limit: 20, cursor: 'c1' });
    expect(list).toEqual({
      route: campaignRoutes.list,
      pathParameters: {},
      query: { limit: '20', cursor: 'c1' },
    });
  });
});

describe('callRoute (the route’s own handler, in-process)', () => {
  it('builds the API Gateway event the route would get: key, path, query, body, headers, claims', async () => {
    const { handler, events } = recordingHandler({ statusCode: 200, body: '{"ok":true}' });
    const handlers = new Map([[routeKeyOf(campaignRoutes.patch), handler]]);
    const call = toolCall('update_campaign', {
      id: '120200000001',
      dryRun: true,
      name: 'Spring',
      idempotencyKey: 'k-1',
    });
    await callRoute(handlers, call, caller, context);

    expect(events).toHaveLength(1);
    const event = events[0];
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'PATCH /meta/campaigns/{id}',
      rawPath: '/meta/campaigns/120200000001',
      rawQueryString: 'dryRun=true',
      queryStringParameters: { dryRun: 'true' },
      pathParameters: { id: '120200000001' },
      isBase64Encoded: false,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': 'k-1',
        'x-correlation-id': 'corr-123',
        'x-forwarded-for': '203.0.113.9',
      },
      requestContext: {
        routeKey: 'PATCH /meta/campaigns/{id}',
        requestId: 'corr-123',
        http: { method: 'PATCH', path: '/meta/campaigns/120200000001', sourceIp: '203.0.113.9' },
        authorizer: { jwt: { claims: caller.claims } },
      },
    });
    expect(JSON.parse(event?.body ?? '')).toEqual({ name: 'Spring' });
  });

  it('URL-encodes a path parameter into rawPath', async () => {
    const { handler, events } = recordingHandler({ statusCode: 200, body: '{}' });
    const call: RouteCall = {
      route: listAssetsRoute,
      pathParameters: { type: 'ad accounts/../x' },
      query: {},
    };
    await callRoute(new Map([[routeKeyOf(listAssetsRoute), handler]]), call, caller, context);
    expect(events[0]?.rawPath).toBe('/meta/assets/ad%20accounts%2F..%2Fx');
    expect(events[0]?.pathParameters).toEqual({ type: 'ad accounts/../x' });
  });

  it('sends a read without body, content-type, key or query string', async () => {
    const { handler, events } = recordingHandler({ statusCode: 200, body: '{}' });
    await callRoute(
      new Map([[routeKeyOf(getControlsRoute), handler]]),
      toolCall('get_controls', {}),
      caller,
      context,
    );
    const event = events[0];
    expect(event?.rawQueryString).toBe('');
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event?.headers).toEqual({ 'x-correlation-id': 'corr-123', 'x-forwarded-for': '203.0.113.9' });
  });

  it('answers the status, lower-cased headers and the parsed JSON', async () => {
    const { handler } = recordingHandler({
      statusCode: 201,
      headers: { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true', 'Retry-After': 3 },
      body: '{"id":"9","name":"Spring"}',
    });
    const answer = await callRoute(
      new Map([[routeKeyOf(campaignRoutes.create), handler]]),
      toolCall('create_campaign', { name: 'Spring', idempotencyKey: 'k' }),
      caller,
      context,
    );
    expect(answer).toEqual({
      status: 201,
      headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true', 'retry-after': '3' },
      body: { id: '9', name: 'Spring' },
    });
  });

  it('answers a 204 without a body', async () => {
    const { handler } = recordingHandler({ statusCode: 204, headers: { 'x-correlation-id': 'corr-123' } });
    const answer = await callRoute(
      new Map([[routeKeyOf(campaignRoutes.delete), handler]]),
      toolCall('delete_campaign', { id: '1', idempotencyKey: 'k' }),
      caller,
      context,
    );
    expect(answer).toEqual({ status: 204, headers: { 'x-correlation-id': 'corr-123' }, body: undefined });
  });

  it('refuses a route no handler serves with NotFoundError naming the route', async () => {
    const call = toolCall('get_controls', {});
    await expect(callRoute(new Map(), call, caller, context)).rejects.toThrow(NotFoundError);
    await expect(callRoute(new Map(), call, caller, context)).rejects.toThrow('GET /controls');
  });
});

describe('routeHandlersOf', () => {
  const single = httpRoute(getControlsRoute, async () => {
    throw new NotFoundError('unused');
  });
  const router = httpRouter(
    httpRoute(campaignRoutes.pause, async () => {
      throw new NotFoundError('unused');
    }),
    httpRoute(campaignRoutes.resume, async () => {
      throw new NotFoundError('unused');
    }),
  );

  it('indexes an httpRoute by its contract and an httpRouter by each of its routes', () => {
    const handlers = routeHandlersOf(single, router);
    expect([...handlers.keys()].sort()).toEqual(
      ['GET /controls', 'POST /meta/campaigns/{id}/pause', 'POST /meta/campaigns/{id}/resume'].sort(),
    );
    expect(handlers.get('GET /controls')).toBe(single);
    expect(handlers.get('POST /meta/campaigns/{id}/pause')).toBe(router);
  });
});
