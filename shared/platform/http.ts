import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { routeNeedsJwt } from '../../infra/resources';
import {
  type EndpointContract,
  type ResponseSchemas,
  type RouteContract,
  routeKeyOf,
} from '../contracts/route-contract';
import { answersAreChecked, checkAnswer } from './answer-check';
import { type Principal, principalFromClaims } from './auth';
import { errorFields } from './error-fields';
import {
  AgentControlDeniedError,
  AppError,
  NotFoundError,
  PayloadTooLargeError,
  ResponseContractViolationError,
  retryAfterOf,
  ValidationError,
} from './errors';
import { logger } from './observability';
import { publishMetrics } from './publish-metrics';

/** Largest request body a route accepts unless it says otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface HttpRequest<B, Q, P> {
  method: string;
  body: B;
  /** The request bytes as received (base64-decoded): what a webhook signature covers. */
  rawBody: Buffer;
  query: Q;
  params: P;
  headers: Record<string, string>;
  /** Present on `user` and `jwt` routes. */
  principal: Principal;
  correlationId: string;
  /** The invocation's Lambda context (the MCP tools run other routes' handlers under it). */
  context: Context;
}

/** What the stack sends: a status, a body and extra headers (a handler's answer is a `ContractAnswer`). */
export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The answers a contract allows: one `{status, body}` per declared status, the body typed by
 * that status's schema (optional where the schema takes `undefined`: 204, a redirect). An
 * undeclared status or a wrongly shaped body does not compile.
 */
export type ContractAnswer<R extends ResponseSchemas> = {
  [S in keyof R & number]: AnswerWith<S, z.input<R[S]>>;
}[keyof R & number];

type AnswerWith<S extends number, B> = undefined extends B
  ? { status: S; body?: B; headers?: Record<string, string> }
  : { status: S; body: B; headers?: Record<string, string> };

/** What the handler of contract `C` may answer. */
export type AnswerOf<C extends EndpointContract> = ContractAnswer<C['responses']>;

/** The parsed input of a schema the contract may leave out. */
type Parsed<S> = S extends z.ZodType ? z.output<S> : unknown;

/** The request a contract's handler receives. */
export type ContractRequest<C extends EndpointContract> = HttpRequest<
  Parsed<C['body']>,
  Parsed<C['query']>,
  Parsed<C['params']>
>;

export interface HttpRouteOptions {
  /** @default DEFAULT_MAX_BODY_BYTES */
  maxBodyBytes?: number;
  /**
   * The body is the handler's protocol to check (`req.rawBody` only; `req.body` stays
   * undefined): MCP answers a malformed message with a JSON-RPC error, not the §5 shape.
   * The contract's body schema then only documents the request. @default false
   */
  rawBodyOnly?: boolean;
}

type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & { authorizer?: { jwt?: { claims?: unknown } } };
};

/**
 * The one middy stack for API Gateway v2 routes: correlation id, body size and JSON
 * parsing, zod validation of body/query/path, auth claims, the `user`-only rule (an agent →
 * 403 `agent_control_denied`, before any body is read or any work done), and the §5 error
 * shape. Everything it checks comes from the route's contract; the handler receives typed
 * input and returns an answer the contract declares. Off AWS (`STAGE=local`: the local
 * runtime and the tests) each 2xx answer is also checked against its declared schema. The
 * returned handler carries its `auth` and `contract` so a test can hold it against the manifest.
 * @example export const handler = httpRoute(healthRoute, async () => ({ status: 200, body: { status: 'ok' } }));
 */
export function httpRoute<const C extends EndpointContract>(
  contract: C,
  handle: NoInfer<(req: ContractRequest<C>) => Promise<AnswerOf<C>>>,
  options: HttpRouteOptions = {},
) {
  const core = async (event: HttpEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const correlationId = correlationIdOf(event);
    logger.appendKeys({ correlationId, route: event.routeKey });
    try {
      const headers = lowerCaseHeaders(event.headers);
      const principal = routeNeedsJwt(contract.auth)
        ? principalFromClaims(event.requestContext.authorizer?.jwt?.claims)
        : ({ sub: '', workspaceId: '', actor: 'user' } as Principal);
      if (routeNeedsJwt(contract.auth)) {
        logger.appendKeys({ workspaceId: principal.workspaceId, actor: principal.actor });
        if (contract.auth === 'user' && principal.actor !== 'user') {
          throw new AgentControlDeniedError(
            "Only a signed-in user may do this: the Meta connection is the user's, not an agent's.",
            'users_only',
            { details: { route: event.routeKey } },
          );
        }
      }
      const rawBody = decodeBody(event, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      const req = {
        method: event.requestContext.http?.method ?? 'GET',
        rawBody,
        body:
          options.rawBodyOnly === true
            ? undefined
            : validate('body', contract.body, contract.body ? parseJson(rawBody, headers) : undefined),
        query: validate('query', contract.query, event.queryStringParameters ?? {}),
        params: validate('path', contract.params, event.pathParameters ?? {}),
        headers,
        principal,
        correlationId,
        context,
      } as ContractRequest<C>;
      const result: HttpResult = await handle(req);
      if (answersAreChecked()) checkAnswer(contract.responses, result, event.routeKey);
      return toResponse(result, correlationId);
    } catch (err: unknown) {
      return errorResponse(err, correlationId);
    } finally {
      logger.removeKeys(['correlationId', 'route', 'workspaceId', 'actor']);
    }
  };
  return Object.assign(middy(core).use(injectLambdaContext(logger)).use(publishMetrics()), {
    auth: contract.auth,
    contract,
  });
}

type RouteHandler = ReturnType<typeof httpRoute<RouteContract>>;

/**
 * One function serving several routes of one job (the campaign writes of every level): each
 * route keeps its own `httpRoute` stack and contract; the event's route key picks it. The
 * returned handler lists its routes so a test can hold them against the manifest.
 */
export function httpRouter(...handlers: readonly RouteHandler[]) {
  const byKey = new Map(handlers.map((h) => [routeKeyOf(h.contract), h]));
  const route = async (event: HttpEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const handler = byKey.get(event.routeKey);
    if (handler) return handler(event, context);
    return errorResponse(new NotFoundError(`No route ${event.routeKey}.`), correlationIdOf(event));
  };
  return Object.assign(route, {
    routes: new Map([...byKey].map(([key, h]) => [key, { auth: h.auth, contract: h.contract }])),
  });
}

/**
 * A service's answer as the route's typed answer, checked at run time against the statuses the
 * contract declares (the service serves several routes; each declares what it may answer).
 */
export function answerFor<const C extends EndpointContract>(contract: C, answer: HttpResult): AnswerOf<C> {
  if (!(answer.status in contract.responses)) {
    throw new ResponseContractViolationError(contract.summary, answer.status);
  }
  return answer as AnswerOf<C>;
}

/** Maps any thrown value to the §5 error body; unknown errors are 500s whose detail stays in the logs. */
export function errorResponse(err: unknown, correlationId: string): APIGatewayProxyStructuredResultV2 {
  if (err instanceof AppError) {
    // A refusal (4xx) tells the caller what to fix; a failure (5xx) gives them an id to quote.
    const refused = err.status < 500;
    if (refused) logger.info('request refused', { status: err.status, code: err.code });
    else logger.warn('request failed', { error: errorFields(err, correlationId) });
    const retryAfter = retryAfterOf(err);
    return toResponse(
      {
        status: err.status,
        body: {
          error: {
            code: err.code,
            message: err.message,
            ...(refused && err.details !== undefined ? { details: err.details } : {}),
            ...(refused ? {} : { correlationId }),
          },
        },
        headers: {
          ...err.headers,
          ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }),
        },
      },
      correlationId,
    );
  }
  logger.error('unhandled error', { error: errorFields(err, correlationId) });
  return toResponse(
    {
      status: 500,
      body: {
        error: { code: 'internal_error', message: 'Something went wrong on our side.', correlationId },
      },
    },
    correlationId,
  );
}

function toResponse(result: HttpResult, correlationId: string): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { 'x-correlation-id': correlationId, ...result.headers };
  if (result.body === undefined) return { statusCode: result.status, headers };
  if (typeof result.body === 'string' && headers['content-type'] !== undefined) {
    return { statusCode: result.status, headers, body: result.body };
  }
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(result.body),
  };
}

function correlationIdOf(event: HttpEvent): string {
  const fromHeader = event.headers?.['x-correlation-id'] ?? event.headers?.['X-Correlation-Id'];
  if (fromHeader && /^[A-Za-z0-9._-]{1,128}$/.test(fromHeader)) return fromHeader;
  return event.requestContext?.requestId ?? randomUUID();
}

function lowerCaseHeaders(headers: HttpEvent['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (v !== undefined) out[k.toLowerCase()] = v;
  return out;
}

/** The raw request bytes; exported for Function URL handlers that must verify them as sent. */
export function decodeBody(event: Pick<HttpEvent, 'body' | 'isBase64Encoded'>, maxBytes: number): Buffer {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > maxBytes) throw new PayloadTooLargeError(`The body is larger than ${maxBytes} bytes.`);
  return bytes;
}

function parseJson(raw: Buffer, headers: Record<string, string>): unknown {
  if (raw.length === 0) return undefined;
  const type = headers['content-type'];
  if (type !== undefined && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ValidationError(`Expected an application/json body, got ${type.split(';')[0]}.`, {
      code: 'unsupported_media_type',
    });
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err: unknown) {
    throw new ValidationError(`The body is not valid JSON: ${(err as Error).message}`, {
      code: 'invalid_json',
    });
  }
}

function validate(where: string, schema: z.ZodType | undefined, input: unknown): unknown {
  if (!schema) return input;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(`The request ${where} is invalid.`, {
    details: result.error.issues.map((i) => ({
      in: where,
      path: i.path.map(String).join('.'),
      message: i.message,
    })),
  });
}
