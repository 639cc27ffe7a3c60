/** Exponential backoff: the ceiling doubles per retry from `baseMs` up to `capMs`. */
export interface BackoffPolicy {
  /** @default 25 */
  baseMs: number;
  /** @default 8000 */
  capMs: number;
}

/**
 * Short: a Meta 5xx on a read is usually a blip that the next attempt clears, and longer
 * outages are the breaker's and the queue's business (a call that exhausts its 3 retries is
 * requeued; the breaker stops a bucket after consecutive failures). Pages of an edge are read
 * one after another, so every retry delay lands on the sync's critical path. Measured with
 * `npm run bench -- graph` (20 % transient faults, median of five fault draws): the retry
 * overhead is 1.3–1.5× a clean run with a 25 ms base, 1.35–1.75× with 50 ms, 2.0–2.45× with
 * the AWS SDK's 100 ms.
 */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 25, capMs: 8000 };

/** The largest delay before retry number `retry` (0 = the first retry). */
export function backoffCeilingMs(retry: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, Math.floor(retry));
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/**
 * "Full jitter": a uniform delay in [0, ceiling), so concurrent Lambdas that failed together do
 * not retry together. `random` is injected so tests are deterministic.
 * @example backoffDelayMs(2, { baseMs: 100, capMs: 1000 }, () => 0.5) // 200
 */
export function backoffDelayMs(retry: number, policy: BackoffPolicy, random: () => number): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * backoffCeilingMs(retry, policy));
}

/**
 * "Equal jitter": half the ceiling plus a uniform share of the other half. For throttles whose
 * headers named no wait: retrying at once (which full jitter allows) would only be refused again.
 * @example equalJitterDelayMs(1, { baseMs: 1000, capMs: 60000 }, () => 0) // 1000
 */
export function equalJitterDelayMs(retry: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = backoffCeilingMs(retry, policy);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(ceiling / 2 + r * (ceiling / 2));
}
