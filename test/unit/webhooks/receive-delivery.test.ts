import { createHmac } from 'node:crypto';
import { metaWebhookJson, withIssuesPayload } from '../../../infra/local/webhook-sender';
import type { WebhookChangeMessage } from '../../../shared/domain/webhook-change';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../../../shared/platform/errors';
import { logger, metrics } from '../../../shared/platform/observability';
import type { ChangeQueue } from '../../../shared/webhooks/change-queue';
import { answerHandshake, receiveDelivery } from '../../../shared/webhooks/receive-delivery';
import type { WebhookKeySource, WebhookSecrets } from '../../../shared/webhooks/signing-keys';

const KEY = 'the-current-key';
const secrets: WebhookSecrets = { verifyToken: 'verify-me', keys: { current: KEY } };

class FakeKeys implements WebhookKeySource {
  refreshes = 0;
  constructor(
    private secrets: WebhookSecrets,
    private readonly afterRefresh?: WebhookSecrets,
  ) {}
  async get() {
    return this.secrets;
  }
  async refresh() {
    this.refreshes++;
    if (this.afterRefresh) this.secrets = this.afterRefresh;
    return this.afterRefresh;
  }
}

class FakeQueue implements ChangeQueue {
  readonly sent: WebhookChangeMessage[] = [];
  failWith: Error | undefined;
  async enqueue(messages: WebhookChangeMessage[]) {
    if (this.failWith) throw this.failWith;
    this.sent.push(...messages);
  }
}

const payload = withIssuesPayload({
  adAccountId: 'act_1001',
  objectId: '501',
  level: 'AD',
  time: 1782860000,
  errorSummary: 'Créatif refusé / rejected',
});
const body = Buffer.from(metaWebhookJson(payload));
const sign = (b: Buffer | string, key = KEY) => `sha256=${createHmac('sha256', key).update(b).digest('hex')}`;

function setup(keys: WebhookKeySource = new FakeKeys(secrets)) {
  const queue = new FakeQueue();
  return { queue, keys, deps: { keys, queue, now: () => new Date('2026-07-01T00:00:00Z') } };
}

const json = 'application/json';

describe('receiveDelivery', () => {
  let addMetric: jest.SpyInstance;
  const logSpies: jest.SpyInstance[] = [];
  beforeEach(() => {
    addMetric = jest.spyOn(metrics, 'addMetric');
    for (const level of ['debug', 'info', 'warn', 'error'] as const) logSpies.push(jest.spyOn(logger, level));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    logSpies.length = 0;
  });
  const logged = () => JSON.stringify(logSpies.flatMap((s) => s.mock.calls));

  it('enqueues the changes of a valid delivery', async () => {
    const { deps, queue } = setup();
    const result = await receiveDelivery({ body, signature: sign(body), contentType: json }, deps);
    expect(result).toEqual({ accepted: 1, ignored: [] });
    expect(queue.sent[0]?.change).toMatchObject({
      kind: 'ad_object_with_issues',
      objectId: '501',
      error: { summary: 'Créatif refusé / rejected' },
    });
  });

  it.each([
    ['missing header', undefined],
    ['wrong prefix', sign(body).replace('sha256=', 'sha1=')],
    ['truncated', sign(body).slice(0, -1)],
    ['re-serialized JSON', sign(JSON.stringify(payload))],
    ['another key', sign(body, 'nope')],
  ])(
    'refuses %s with 401, stores nothing, counts it, logs neither body nor signature',
    async (_name, signature) => {
      const { deps, queue } = setup();
      await expect(receiveDelivery({ body, signature, contentType: json }, deps)).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
      expect(queue.sent).toEqual([]);
      expect(addMetric).toHaveBeenCalledWith('WebhookSignatureRejected', 'Count', 1);
      const text = logged();
      expect(text).not.toContain('Cr');
      expect(text).not.toContain('501');
      if (signature) expect(text).not.toContain(signature.slice(7, 20));
    },
  );

  it('parses JSON only after the signature passes: garbage with a bad signature is a 401, not a 400', async () => {
    const { deps } = setup();
    const garbage = Buffer.from('{not json');
    await expect(
      receiveDelivery({ body: garbage, signature: sign('x'), contentType: json }, deps),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(
      receiveDelivery({ body: garbage, signature: sign(garbage), contentType: json }, deps),
    ).rejects.toMatchObject({
      status: 400,
      code: 'invalid_json',
    });
  });

  it('refuses an empty body: 401 unsigned, 400 when signed', async () => {
    const { deps, queue } = setup();
    const empty = Buffer.alloc(0);
    await expect(
      receiveDelivery({ body: empty, signature: undefined, contentType: json }, deps),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(
      receiveDelivery({ body: empty, signature: sign(empty), contentType: json }, deps),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(queue.sent).toEqual([]);
  });

  it.each([
    ['text/plain', false],
    [undefined, false],
    ['application/x-www-form-urlencoded', false],
    ['application/jsonp', false],
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON', true],
  ])('checks the content type %s', async (contentType, accepted) => {
    const { deps } = setup();
    const attempt = receiveDelivery({ body, signature: sign(body), contentType }, deps);
    if (accepted) await expect(attempt).resolves.toMatchObject({ accepted: 1 });
    else await expect(attempt).rejects.toMatchObject({ status: 400, code: 'unsupported_media_type' });
  });

  it('refuses a signed body that is not a Meta envelope', async () => {
    const { deps } = setup();
    const other = Buffer.from('{"hello":"world"}');
    await expect(
      receiveDelivery({ body: other, signature: sign(other), contentType: json }, deps),
    ).rejects.toMatchObject({
      status: 400,
      code: 'invalid_payload',
    });
  });

  it('on a mismatch looks the keys up again once, so a rotation applies without a deploy', async () => {
    const rotated: WebhookSecrets = {
      verifyToken: 'verify-me',
      keys: { current: 'new-key', previous: KEY, rotatedAt: '2026-06-30T00:00:00Z' },
    };
    const keys = new FakeKeys(secrets, rotated);
    const { deps } = setup(keys);
    await expect(
      receiveDelivery({ body, signature: sign(body, 'new-key'), contentType: json }, deps),
    ).resolves.toMatchObject({ accepted: 1 });
    expect(keys.refreshes).toBe(1);
    await expect(
      receiveDelivery({ body, signature: sign(body), contentType: json }, deps),
    ).resolves.toMatchObject({ accepted: 1 });
    expect(addMetric).toHaveBeenCalledWith('WebhookPreviousKeyUsed', 'Count', 1);
  });

  it('does not look the keys up again for a malformed header', async () => {
    const keys = new FakeKeys(secrets);
    const { deps } = setup(keys);
    await expect(
      receiveDelivery({ body, signature: 'sha256=abc', contentType: json }, deps),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    expect(keys.refreshes).toBe(0);
  });

  it('fails (so Meta retries) when the queue refuses the changes', async () => {
    const { deps, queue } = setup();
    queue.failWith = new Error('SQS down');
    await expect(receiveDelivery({ body, signature: sign(body), contentType: json }, deps)).rejects.toThrow(
      'SQS down',
    );
  });

  it('answers 200 for deliveries it ignores, and records them', async () => {
    const { deps, queue } = setup();
    const page = Buffer.from(
      metaWebhookJson({
        object: 'page',
        entry: [{ id: '1', time: 1, changes: [{ field: 'feed', value: {} }] }],
      }),
    );
    const result = await receiveDelivery({ body: page, signature: sign(page), contentType: json }, deps);
    expect(result).toEqual({
      accepted: 0,
      ignored: [{ object: 'page', entryId: '1', field: 'feed', reason: 'unsupported_object' }],
    });
    expect(queue.sent).toEqual([]);
    expect(addMetric).toHaveBeenCalledWith('WebhookChangesIgnored', 'Count', 1);
  });

  it('ignores a change too large for one queue message instead of failing the delivery forever', async () => {
    const { deps, queue } = setup();
    const big = Buffer.from(
      metaWebhookJson(
        withIssuesPayload({
          adAccountId: 'act_1',
          objectId: '2',
          level: 'AD',
          time: 1,
          errorMessage: 'x'.repeat(300 * 1024),
        }),
      ),
    );
    const result = await receiveDelivery({ body: big, signature: sign(big), contentType: json }, deps);
    expect(result.ignored.map((i) => i.reason)).toEqual(['too_large']);
    expect(queue.sent).toEqual([]);
  });
});

describe('answerHandshake', () => {
  const keys = new FakeKeys(secrets);
  it('echoes the challenge when the verify token matches', async () => {
    await expect(
      answerHandshake(
        { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' },
        keys,
      ),
    ).resolves.toBe('1158201444');
  });

  it.each([
    ['wrong token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-you', 'hub.challenge': '1' }],
    ['token prefix', { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify', 'hub.challenge': '1' }],
    ['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }],
    ['wrong mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1' }],
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me' }],
    ['nothing', {}],
  ])('refuses %s with 403', async (_name, query) => {
    await expect(answerHandshake(query, keys)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
