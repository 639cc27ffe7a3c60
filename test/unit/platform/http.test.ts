import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { lambdaContext } from '../../../infra/local/lambda-context';
import { defineEndpoint } from '../../../shared/contracts/route-contract';
import { resetConfig } from '../../../shared/platform/config';
import {
  ConflictError,
  MetaThrottledError,
  MetaTransientError,
  MethodNotAllowedError,
  NotFoundError,
  StoreThrottledError,
} from '../../../shared/platform/errors';
import { errorResponse, httpRoute } from '../../../shared/platform/http';
import { logger } from '../../../shared/platform/observability';

function event(overrides: Partial<APIGatewayProxyEventV2> & { claims?: Record<string, string> } = {}) {
  const { claims, ...rest } = overrides;
  return {
    version: '2.0',
    routeKey: 'POST /things/{id}',
    rawPath: '/things/t1',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      http: { method: 'POST', path: '/things/t1' },
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    ...rest,
  } as unknown as APIGatewayProxyEventV2;
}

const userClaims = { sub: 'u1', workspace_id: 'w1', actor: 'user' };
const ctx: Context = lambdaContext('test', 5, 128);

async function call(handler: (e: never, c: Context) => Promise<unknown>, e: APIGatewayProxyEventV2) {
  const res = (await handler(e as never, ctx)) as APIGatewayProxyStructuredResultV2;
  return { ...res, json: res.body ? JSON.parse(res.body) : undefined };
}

describe('httpRoute (the HTTP middy stack)', () => {
  const handler = httpRoute(
    defineEndpoint({
      summary: 'A thing',
      auth: 'jwt',
      body: z.object({ name: z.string().min(1) }),
      query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
      params: z.object({ id: z.string() }),
      responses: {
        201: z.object({
          id: z.string(),
          name: z.string(),
          by: z.object({ sub: z.string(), workspaceId: z.string(), actor: z.string() }),
        }),
      },
    }),
    async (req) => {
      if (req.params.id === 'missing') throw new NotFoundError('No such thing.');
      if (req.params.id === 'busy') throw new ConflictError('In flight.', { code: 'in_flight' });
      if (req.params.id === 'throttled')
        throw new MetaThrottledError('Meta throttles.', { httpStatus: 400, code: 17, message: 'x' }, 42.2);
      if (req.params.id === 'meta-down')
        throw new MetaTransientError('Meta is unavailable.', { httpStatus: 502, message: 'x' }, 7, {
          details: { internal: 'not for callers' },
        });
      if (req.params.id === 'boom') throw new Error('secret internals');
      return { status: 201, body: { id: req.params.id, name: req.body.name, by: req.principal } };
    },
  );

  /** A user's valid request for the item `id`: what the handler does with each id is above. */
  const callWith = (id: string) =>
    call(handler, event({ body: '{"name":"A"}', pathParameters: { id }, claims: userClaims }));

  it('passes typed input and the principal, and answers JSON with a correlation id', async () => {
    const res = await callWith('t1');
    expect(res.statusCode).toBe(201);
    expect(res.headers).toMatchObject({ 'content-type': 'application/json', 'x-correlation-id': 'req-1' });
    expect(res.json).toEqual({ id: 't1', name: 'A', by: { sub: 'u1', workspaceId: 'w1', actor: 'user' } });
  });

  it('keeps a well-formed caller correlation id', async () => {
    const res = await call(
      handler,
      event({
        body: '{"name":"A"}',
        pathParameters: { id: 't1' },
        claims: userClaims,
        headers: { 'x-correlation-id': 'abc-123' },
      }),
    );
    expect(res.headers?.['x-correlation-id']).toBe('abc-123');
  });

  it('answers 400 invalid_json with the parse error for a bad body', async () => {
    const res = await call(
      handler,
      event({ body: '{"name":', pathParameters: { id: 't1' }, claims: userClaims }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json.error.code).toBe('invalid_json');
    expect(res.json.error.message).toMatch(/not valid JSON/);
  });

  it('leaves a rawBodyOnly route its body unparsed: the protocol behind it answers a bad one', async () => {
    const raw = httpRoute(
      defineEndpoint({
        summary: 'A protocol endpoint',
        auth: 'jwt',
        body: z.object({ jsonrpc: z.literal('2.0') }),
        responses: { 200: z.object({ bytes: z.number(), parsed: z.boolean() }) },
      }),
      async (req) => ({ status: 200, body: { bytes: req.rawBody.length, parsed: req.body !== undefined } }),
      { rawBodyOnly: true },
    );
    const res = await call(raw, event({ body: '{"name":', claims: userClaims }));
    expect(res.statusCode).toBe(200);
    expect(res.json).toEqual({ bytes: 8, parsed: false });
  });

  it('answers 400 with the zod issues naming each field', async () => {
    const res = await call(
      handler,
      event({ body: '{"name":""}', pathParameters: { id: 't1' }, claims: userClaims }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json.error).toMatchObject({
      code: 'validation_error',
      details: [{ in: 'body', path: 'name' }],
    });
  });

  it('validates the query string', async () => {
    const res = await call(
      handler,
      event({
        body: '{"name":"A"}',
        pathParameters: { id: 't1' },
        claims: userClaims,
        queryStringParameters: { dryRun: 'yes' },
      }),
    );
    expect(res.json.error.details).toEqual([expect.objectContaining({ in: 'query', path: 'dryRun' })]);
  });

  it('refuses a non-JSON content type', async () => {
    const res = await call(
      handler,
      event({
        body: 'name=A',
        pathParameters: { id: 't1' },
        claims: userClaims,
        headers: { 'content-type': 'text/plain' },
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json.error.code).toBe('unsupported_media_type');
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await call(
      handler,
      event({
        body: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }),
        pathParameters: { id: 't1' },
        claims: userClaims,
      }),
    );
    expect(res.statusCode).toBe(413);
    expect(res.json.error.code).toBe('payload_too_large');
  });

  it('answers 401 when the claims are missing or incomplete', async () => {
    const none = await call(handler, event({ body: '{"name":"A"}', pathParameters: { id: 't1' } }));
    expect(none.statusCode).toBe(401);
    const partial = await call(
      handler,
      event({ body: '{"name":"A"}', pathParameters: { id: 't1' }, claims: { sub: 'u1', actor: 'robot' } }),
    );
    expect(partial.statusCode).toBe(401);
    expect(partial.json.error.message).toMatch(/workspace_id/);
  });

  it('maps the error tree to the §5 shape', async () => {
    const missing = await callWith('missing');
    expect(missing.statusCode).toBe(404);
    expect(missing.json).toEqual({ error: { code: 'not_found', message: 'No such thing.' } });
    const busy = await callWith('busy');
    expect(busy.statusCode).toBe(409);
    expect(busy.json.error.code).toBe('in_flight');
  });

  it('answers a Meta throttle with 429 and Retry-After', async () => {
    const res = await callWith('throttled');
    expect(res.statusCode).toBe(429);
    expect(res.headers?.['retry-after']).toBe('43');
    expect(res.json.error.code).toBe('meta_throttled');
  });

  it('answers a method the route does not take with 405 and Allow naming the ones it does', () => {
    const res = errorResponse(new MethodNotAllowedError('POST each request to /mcp.', 'POST'), 'corr-405');
    expect(res.statusCode).toBe(405);
    expect(res.headers).toMatchObject({ allow: 'POST', 'x-correlation-id': 'corr-405' });
    expect(JSON.parse(res.body ?? '')).toEqual({
      error: { code: 'method_not_allowed', message: 'POST each request to /mcp.' },
    });
  });

  it("answers a failure on our or Meta's side with its status, Retry-After and a correlation id, no details", async () => {
    const res = await callWith('meta-down');
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('7');
    expect(res.json).toEqual({
      error: { code: 'meta_unavailable', message: 'Meta is unavailable.', correlationId: 'req-1' },
    });
  });

  it('answers DynamoDB throttling with 503 store_throttled and Retry-After, not as a crash', () => {
    const res = errorResponse(new StoreThrottledError('DynamoDB throttled a batch write'), 'corr-503');
    expect(res.statusCode).toBe(503);
    expect(res.headers).toMatchObject({ 'retry-after': '1', 'x-correlation-id': 'corr-503' });
    expect(JSON.parse(res.body ?? '')).toEqual({
      error: {
        code: 'store_throttled',
        message: 'DynamoDB throttled a batch write',
        correlationId: 'corr-503',
      },
    });
  });

  it('answers a crash with 500, a correlation id and no internals', async () => {
    const res = await callWith('boom');
    expect(res.statusCode).toBe(500);
    expect(res.json).toEqual({
      error: { code: 'internal_error', message: expect.any(String), correlationId: 'req-1' },
    });
    expect(res.body).not.toContain('secret internals');
  });

  it('decodes base64 bodies', async () => {
    const res = await call(
      handler,
      event({
        body: Buffer.from('{"name":"B"}').toString('base64'),
        isBase64Encoded: true,
        pathParameters: { id: 't1' },
        claims: userClaims,
      }),
    );
    expect(res.json.name).toBe('B');
  });
});

describe('httpRoute auth: who may call the route', () => {
  const agentClaims = { sub: 'a1', workspace_id: 'w1', actor: 'agent' };
  const ran: string[] = [];
  const routeFor = (auth: 'user' | 'jwt') =>
    httpRoute(
      defineEndpoint({
        summary: 'A route',
        auth,
        body: z.object({ name: z.string() }),
        responses: { 200: z.object({ ok: z.boolean() }) },
      }),
      async (req) => {
        ran.push(req.principal.actor);
        return { status: 200, body: { ok: true } };
      },
    );

  beforeEach(() => {
    ran.length = 0;
  });

  it("refuses an agent on a 'user' route with 403 agent_control_denied before the handler or the body", async () => {
    const res = await call(routeFor('user'), event({ body: 'not json', claims: agentClaims }));
    expect(res.statusCode).toBe(403);
    expect(res.json).toEqual({
      error: {
        code: 'agent_control_denied',
        message: expect.stringContaining('signed-in user'),
        details: { rule: 'users_only', route: 'POST /things/{id}' },
      },
    });
    expect(ran).toEqual([]);
  });

  it("lets a user through a 'user' route, and both actors through a 'jwt' route", async () => {
    expect(
      (await call(routeFor('user'), event({ body: '{"name":"A"}', claims: userClaims }))).statusCode,
    ).toBe(200);
    expect(
      (await call(routeFor('jwt'), event({ body: '{"name":"A"}', claims: agentClaims }))).statusCode,
    ).toBe(200);
    expect(ran).toEqual(['user', 'agent']);
  });

  it("still answers 401 to a 'user' route without claims", async () => {
    expect((await call(routeFor('user'), event({ body: '{"name":"A"}' }))).statusCode).toBe(401);
  });

  it('carries its auth, so the manifest can be held against it', () => {
    expect(routeFor('user').auth).toBe('user');
  });
});

describe('httpRoute answers: held against the contract', () => {
  const contract = defineEndpoint({
    summary: 'A thing',
    auth: 'public',
    query: z.object({ shape: z.enum(['right', 'wrong', 'leaky', 'refusal']) }),
    responses: {
      200: z.object({ id: z.string(), count: z.number().int() }),
      204: z.undefined(),
      409: z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
    },
  });
  // The secret stands for anything a body may carry that the logs must not.
  const wrongBody = { id: 'secret-body-value', count: 'three' } as unknown as { id: string; count: number };
  // Structurally a fine body for TypeScript (a wider object), but with a field nobody declared.
  const stored = { id: 't1', count: 3, workspaceSecret: 'secret-body-value' };
  const leakyBody: { id: string; count: number } = stored;
  const handler = httpRoute(contract, async ({ query }) => {
    if (query.shape === 'right') return { status: 200, body: { id: 't1', count: 3 } };
    if (query.shape === 'leaky') return { status: 200, body: leakyBody };
    if (query.shape === 'refusal') return { status: 409, body: { error: { code: 'x', message: 'y' } } };
    return { status: 200, body: wrongBody };
  });
  const ask = (shape: string) => call(handler, event({ queryStringParameters: { shape } }));

  afterEach(() => {
    delete process.env.STAGE;
    resetConfig();
    jest.restoreAllMocks();
  });

  it('lets a declared, well-shaped answer through', async () => {
    const res = await ask('right');
    expect(res.statusCode).toBe(200);
    expect(res.json).toEqual({ id: 't1', count: 3 });
  });

  it('turns an answer off its schema into a 500 response_contract_violation, logging the route and issue paths only', async () => {
    const logged = jest.spyOn(logger, 'error');
    const res = await ask('wrong');
    expect(res.statusCode).toBe(500);
    expect(res.json.error).toMatchObject({ code: 'response_contract_violation', correlationId: 'req-1' });
    expect(res.body).not.toContain('secret-body-value');
    expect(logged).toHaveBeenCalledWith('response contract violation', {
      route: 'POST /things/{id}',
      status: 200,
      issues: [{ path: 'count', code: 'invalid_type' }],
    });
    expect(JSON.stringify(logged.mock.calls)).not.toContain('secret-body-value');
  });

  it('refuses a field the contract does not declare (how an internal value would leak)', async () => {
    const logged = jest.spyOn(logger, 'error');
    const res = await ask('leaky');
    expect(res.statusCode).toBe(500);
    expect(res.json.error.code).toBe('response_contract_violation');
    expect(res.body).not.toContain('secret-body-value');
    expect(logged).toHaveBeenCalledWith('response contract violation', {
      route: 'POST /things/{id}',
      status: 200,
      issues: [{ path: 'workspaceSecret', code: 'undeclared_field' }],
    });
  });

  it('checks 2xx answers only: a declared refusal goes out as the handler gave it', async () => {
    const res = await ask('refusal');
    expect(res.statusCode).toBe(409);
    expect(res.json).toEqual({ error: { code: 'x', message: 'y' } });
  });

  it('does not check answers in AWS (STAGE other than local)', async () => {
    process.env.STAGE = 'prod';
    resetConfig();
    const res = await ask('wrong');
    expect(res.statusCode).toBe(200);
  });

  it('does not compile an undeclared status or a wrongly shaped body (npm run typecheck holds these)', () => {
    const undeclared = httpRoute(
      contract,
      // @ts-expect-error 201 is not a declared status.
      async () => ({ status: 201, body: { id: 't1', count: 3 } }),
    );
    const misshapen = httpRoute(
      contract,
      // @ts-expect-error count must be a number.
      async () => ({ status: 200, body: { id: 't1', count: '3' } }),
    );
    // A status declared without a body (204, a redirect) needs none.
    const bodiless = httpRoute(contract, async () => ({ status: 204 }));
    expect([undeclared.auth, misshapen.auth, bodiless.auth]).toEqual(['public', 'public', 'public']);
  });
});
