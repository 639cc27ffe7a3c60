import { createHash, timingSafeEqual } from 'node:crypto';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { WebhookChangeMessage } from '../domain/webhook-change';
import { type IgnoredChange, parseWebhookDelivery } from '../domain/webhook-payload';
import { type SignatureCheck, verifyWebhookSignature } from '../domain/webhook-signature';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../platform/errors';
import { logger, metrics } from '../platform/observability';
import { SQS_MAX_MESSAGE_BYTES } from '../store/queue';
import type { ChangeQueue } from './change-queue';
import type { WebhookKeySource } from './signing-keys';

/** §7: a body over 1 MiB is refused with 413. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export interface ReceiveDeps {
  keys: WebhookKeySource;
  queue: ChangeQueue;
  /** @default () => new Date() */
  now?: () => Date;
}

export interface RawDelivery {
  /** The request bytes exactly as received (base64-decoded where the event said so). */
  body: Buffer;
  signature: string | undefined;
  contentType: string | undefined;
}

export interface ReceiveResult {
  accepted: number;
  ignored: IgnoredChange[];
}

/**
 * Verifies a Meta delivery and enqueues its changes; no Graph call, no store write. Order:
 * signature first (an unsigned caller learns nothing else and gets 401), then the content
 * type, then JSON, then the envelope. Dedupe is the consumer's: a mark written here before a
 * failed enqueue would make Meta's retry look like a duplicate and lose the change.
 * @example await receiveDelivery({ body, signature, contentType }, { keys, queue })
 */
export async function receiveDelivery(delivery: RawDelivery, deps: ReceiveDeps): Promise<ReceiveResult> {
  const now = deps.now?.() ?? new Date();
  let check = verifyWebhookSignature(delivery.body, delivery.signature, (await deps.keys.get()).keys, now);
  if (!check.ok && check.reason === 'mismatch') {
    // The keys may have rotated since they were cached: look once more before refusing.
    const fresh = await deps.keys.refresh();
    if (fresh) check = verifyWebhookSignature(delivery.body, delivery.signature, fresh.keys, now);
  }
  if (!check.ok) refuse(check);
  if (check.key === 'previous') metrics.addMetric('WebhookPreviousKeyUsed', MetricUnit.Count, 1);

  if (!isJson(delivery.contentType)) {
    throw new ValidationError(
      `Expected application/json, got ${delivery.contentType?.split(';')[0] ?? 'none'}.`,
      {
        code: 'unsupported_media_type',
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(delivery.body.toString('utf8'));
  } catch {
    throw new ValidationError('The body is not valid JSON.', { code: 'invalid_json' });
  }
  const parsed = parseWebhookDelivery(json);
  if (!parsed.ok)
    throw new ValidationError(`Not a Meta webhook payload: ${parsed.problem}`, { code: 'invalid_payload' });

  const ignored = [...parsed.ignored];
  const changes: WebhookChangeMessage[] = [];
  for (const change of parsed.changes) {
    if (Buffer.byteLength(JSON.stringify(change)) > SQS_MAX_MESSAGE_BYTES)
      ignored.push({
        object: change.object,
        entryId: change.entryId,
        field: change.field,
        reason: 'too_large',
      });
    else changes.push(change);
  }
  if (changes.length > 0) await deps.queue.enqueue(changes);

  for (const i of ignored) logger.info('webhook change ignored', { ...i });
  metrics.addMetric('WebhookChangesEnqueued', MetricUnit.Count, changes.length);
  if (ignored.length > 0) metrics.addMetric('WebhookChangesIgnored', MetricUnit.Count, ignored.length);
  return { accepted: changes.length, ignored };
}

/**
 * The subscription handshake: echo `hub.challenge` when `hub.mode=subscribe` and the verify
 * token matches (compared in constant time); anything else is 403.
 */
export async function answerHandshake(
  query: Record<string, string | undefined>,
  keys: WebhookKeySource,
): Promise<string> {
  const challenge = query['hub.challenge'];
  const token = query['hub.verify_token'];
  if (query['hub.mode'] !== 'subscribe' || !challenge || token === undefined) {
    throw new ForbiddenError('Not a valid subscription handshake.');
  }
  if (!sameSecret(token, (await keys.get()).verifyToken)) {
    throw new ForbiddenError('The verify token does not match.');
  }
  return challenge;
}

function refuse(check: Extract<SignatureCheck, { ok: false }>): never {
  metrics.addMetric('WebhookSignatureRejected', MetricUnit.Count, 1);
  logger.warn('webhook signature rejected', { reason: check.reason });
  throw new UnauthorizedError(
    check.reason === 'missing'
      ? 'The X-Hub-Signature-256 header is missing.'
      : 'The signature does not match.',
  );
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType.trim());
}

/** Hashing first gives equal-length inputs, so the comparison time says nothing about the token. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
