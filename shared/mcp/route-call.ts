import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { type RouteContract, routeKeyOf } from '../contracts/route-contract';
import { NotFoundError } from '../platform/errors';
import type { ToolInput } from './tool-input';

/** A route's Lambda handler as `httpRoute` / `httpRouter` build it. */
export type HttpHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

type RoutedHandler = HttpHandler & ({ contract: RouteContract } | { routes: ReadonlyMap<string, unknown> });

/** The handlers the tools call, by route key (`POST /meta/campaigns`). */
export type RouteHandlers = ReadonlyMap<string, HttpHandler>;

/** Indexes `httpRoute` and `httpRouter` handlers by the route keys they serve. */
export function routeHandlersOf(...handlers: readonly RoutedHandler[]): RouteHandlers {
  const byKey = new Map<string, HttpHandler>();
  for (const handler of handlers) {
    const keys = 'routes' in handler ? [...handler.routes.keys()] : [routeKeyOf(handler.contract)];
    for (const key of keys) byKey.set(key, handler);
  }
  return byKey;
}

/** One route request a tool call makes. */
export interface RouteCall {
  route: RouteContract;
  pathParameters: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
  idempotencyKey?: string;
}

/** Who calls: the claims of the MCP request's JWT, handed on as the HTTP API authorizer would. */
export interface Caller {
  claims: Record<string, string>;
  correlationId: string;
  sourceIp: string;
}

export interface RouteAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * The route request of a tool call whose arguments passed the tool's schema: each argument
 * where the route takes it (path, query string, body), flags as `true`/`false`, the key as
 * the `Idempotency-Key` header. Arguments go as the agent sent them: the route parses them
 * itself, exactly as it parses a dashboard request.
 */
export function routeCallOf(
  route: RouteContract,
  input: ToolInput,
  args: Record<string, unknown>,
): RouteCall {
  const { places } = input;
  const pathParameters: Record<string, string> = {};
  for (const name of places.params) if (args[name] !== undefined) pathParameters[name] = String(args[name]);
  const query: Record<string, string> = {};
  for (const name of places.query) {
    const value = args[name];
    if (value === undefined) continue;
    query[name] = places.flags.includes(name) ? String(value === true) : String(value);
  }
  const body: Record<string, unknown> = {};
  for (const name of places.body) if (args[name] !== undefined) body[name] = args[name];
  const key = args.idempotencyKey;
  return {
    route,
    pathParameters,
    query,
    ...(route.body ? { body } : {}),
    ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
  };
}

/** Runs the route's own handler (its whole middy stack) on the request, in this process. */
export async function callRoute(
  handlers: RouteHandlers,
  call: RouteCall,
  caller: Caller,
  context: Context,
): Promise<RouteAnswer> {
  const routeKey = routeKeyOf(call.route);
  const handler = handlers.get(routeKey);
  if (!handler) throw new NotFoundError(`No handler serves ${routeKey}.`);
  const result = await handler(routeEvent(routeKey, call, caller), context);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  const text = result.body ?? '';
  return {
    status: result.statusCode ?? 200,
    headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

function routeEvent(
  routeKey: string,
  call: RouteCall,
  caller: Caller,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const rawPath = call.route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(call.pathParameters[name] ?? ''),
  );
  const rawQueryString = new URLSearchParams(call.query).toString();
  const headers: Record<string, string> = {
    'x-correlation-id': caller.correlationId,
    'x-forwarded-for': caller.sourceIp,
    ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(call.idempotencyKey === undefined ? {} : { 'idempotency-key': call.idempotencyKey }),
  };
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: 'mcp',
      apiId: 'mcp',
      domainName: 'mcp',
      domainPrefix: 'mcp',
      http: {
        method: call.route.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: caller.sourceIp,
        userAgent: 'mcp',
      },
      requestId: caller.correlationId,
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: caller.claims, scopes: [] } },
    },
    isBase64Encoded: false,
    ...(rawQueryString === '' ? {} : { queryStringParameters: call.query }),
    ...(Object.keys(call.pathParameters).length === 0 ? {} : { pathParameters: call.pathParameters }),
    ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
  };
}
