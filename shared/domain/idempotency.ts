import { createHash } from 'node:crypto';
import * as z from 'zod';
import { ValidationError } from '../platform/errors';

/** How long a stored answer replays (DESIGN §5: an Idempotency-Key lives a day). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** A key as long as Stripe's and Powertools' allow: longer ones are refused, never truncated. */
export const MAX_IDEMPOTENCY_KEY_CHARS = 255;

/** Printable ASCII with no blank at either end: what survives every HTTP hop unchanged. */
export const PRINTABLE_IDEMPOTENCY_KEY = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * A key as a JSON field (a bulk operation's, a tool's `idempotencyKey`): the header's rule, so
 * a key that passes here is one the route takes and replays byte for byte.
 */
export function idempotencyKeySchema(maxChars: number = MAX_IDEMPOTENCY_KEY_CHARS) {
  return z
    .string()
    .min(1)
    .max(maxChars)
    .regex(PRINTABLE_IDEMPOTENCY_KEY, 'must be printable ASCII with no blank at either end');
}

/**
 * The fingerprint of a mutation under one key (DESIGN §5: method + path + body). The body is
 * canonical JSON (object keys sorted at every depth, `undefined` left out), so the same body
 * written with its keys in another order is the same request.
 * @example requestFingerprint('POST', '/meta/campaigns', { name: 'A' }) // 64 hex digits
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  const canonical = body === undefined ? '' : canonicalJson(body);
  return createHash('sha256').update(`${method.toUpperCase()}\n${path}\n${canonical}`).digest('hex');
}

/** JSON with object keys sorted at every depth; `undefined` members are dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedDeep(value)) ?? 'null';
}

function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortedDeep(item)));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortedDeep(inner)]));
}

/**
 * Whether an answer is final and so stored for replay (DESIGN §5): 2xx and 4xx are; 5xx, 429
 * (throttled: try again later) and 409 (still in flight, or a state that may change) are not, so
 * a retry after a lost or failed answer tries again.
 */
export function isReplayable(status: number): boolean {
  if (status >= 200 && status < 300) return true;
  return status >= 400 && status < 500 && status !== 409 && status !== 429;
}

/**
 * The `Idempotency-Key` header as sent, or `undefined` when there is none. An empty, blank,
 * over-long or non-printable key → 400 naming the header: a key the client cannot send back
 * byte for byte would never replay.
 */
export function validIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const problem =
    header.length === 0
      ? 'must not be empty'
      : header.length > MAX_IDEMPOTENCY_KEY_CHARS
        ? `must be at most ${MAX_IDEMPOTENCY_KEY_CHARS} characters`
        : PRINTABLE_IDEMPOTENCY_KEY.test(header)
          ? undefined
          : 'must be printable ASCII with no blank at either end';
  if (problem === undefined) return header;
  throw new ValidationError('The Idempotency-Key header is invalid.', {
    details: [{ in: 'header', path: 'Idempotency-Key', message: problem }],
  });
}
