import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { lambdaContext } from '../../../infra/local/lambda-context';
import {
  metaWebhookJson,
  metaWebhookSignature,
  withIssuesPayload,
} from '../../../infra/local/webhook-sender';
import { resetConfig } from '../../../shared/platform/config';

const KEY = 'handler-signing-key';
const ENV = {
  META_WEBHOOK_VERIFY_TOKEN: 'handler-verify-token',
  META_WEBHOOK_SIGNING_KEY_CURRENT: KEY,
  QUEUE_URL_WEBHOOK_EVENTS: 'http://127.0.0.1:1/queue/webhook-events',
};

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

function event(
  method: string,
  init: {
    body?: string;
    base64?: boolean;
    headers?: Record<string, string>;
    query?: Record<string, string>;
  } = {},
) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: init.headers ?? {},
    ...(init.query ? { queryStringParameters: init.query } : {}),
    requestContext: { requestId: 'req-webhook', http: { method, path: '/' } },
    isBase64Encoded: init.base64 ?? false,
    ...(init.body === undefined ? {} : { body: init.body }),
  } as unknown as APIGatewayProxyEventV2;
}

const payload = withIssuesPayload({
  adAccountId: 'act_7',
  objectId: '8',
  level: 'AD',
  time: 1782860000,
  errorSummary: 'Refusé',
});
const text = metaWebhookJson(payload);
const signed = (body: string | Buffer) => ({
  'content-type': 'application/json',
  'x-hub-signature-256': metaWebhookSignature(body, KEY),
});

describe('functions/webhooks/receive (Function URL handler)', () => {
  const sqs = mockClient(SQSClient);
  const saved = { ...process.env };
  let handler: Handler;
  const ctx = lambdaContext('webhook-receive', 10, 512);

  beforeAll(async () => {
    Object.assign(process.env, ENV);
    resetConfig();
    ({ handler } = (await import('../../../functions/webhooks/receive')) as unknown as { handler: Handler });
  });
  beforeEach(() => sqs.on(SendMessageBatchCommand).resolves({ Failed: [] }));
  afterEach(() => sqs.reset());
  afterAll(() => {
    sqs.restore();
    for (const name of Object.keys(ENV)) delete process.env[name];
    Object.assign(process.env, saved);
    resetConfig();
  });

  it('answers the handshake with the challenge as text/plain', async () => {
    const res = await handler(
      event('GET', {
        query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'handler-verify-token', 'hub.challenge': '42' },
      }),
      ctx,
    );
    expect(res).toMatchObject({ statusCode: 200, body: '42' });
    expect(res.headers?.['content-type']).toMatch(/^text\/plain/);
  });

  it('refuses a bad handshake with 403', async () => {
    const res = await handler(
      event('GET', { query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'x', 'hub.challenge': '42' } }),
      ctx,
    );
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('42');
  });

  it('accepts a signed delivery and enqueues it', async () => {
    const res = await handler(event('POST', { body: text, headers: signed(text) }), ctx);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body ?? '')).toEqual({ accepted: 1, ignored: 0 });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it('verifies the decoded bytes of a base64-encoded event', async () => {
    const raw = Buffer.from(text, 'utf8');
    const res = await handler(
      event('POST', { body: raw.toString('base64'), base64: true, headers: signed(raw) }),
      ctx,
    );
    expect(res.statusCode).toBe(200);
  });

  it('refuses a bad signature with 401 in the §5 error shape and sends nothing', async () => {
    const res = await handler(
      event('POST', {
        body: text,
        headers: { ...signed(text), 'x-hub-signature-256': metaWebhookSignature(text, 'wrong') },
      }),
      ctx,
    );
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body ?? '')).toMatchObject({ error: { code: 'unauthorized' } });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('refuses a body over 1 MiB with 413 before anything else', async () => {
    const huge = `{"object":"ad_account","entry":[],"pad":"${'x'.repeat(1024 * 1024)}"}`;
    const res = await handler(event('POST', { body: huge, headers: signed(huge) }), ctx);
    expect(res.statusCode).toBe(413);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('answers 500 when the queue is down, so Meta retries', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('queue down'));
    const res = await handler(event('POST', { body: text, headers: signed(text) }), ctx);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('queue down');
  });

  it('answers 405 to other methods', async () => {
    const res = await handler(event('PUT', { body: text, headers: signed(text) }), ctx);
    expect(res).toMatchObject({ statusCode: 405, headers: { allow: 'GET, POST' } });
  });
});
