/** Exponential backoff: the ceiling doubles per retry from `baseMs` up to `capMs`. */
export interface BackoffPolicy {
  /** @default 100 */
  baseMs: number;
  /** @default 8000 */
  capMs: number;
}

/**
 * Short, like the AWS SDK's standard mode (100 ms base): a Meta 5xx is usually a blip that the
 * next attempt clears, and longer outages are the breaker's and the queue's business (a call
 * that exhausts its retries is requeued). Measured: 20 % transient faults cost ~1.1–1.3× the
 * wall time of a clean sync (`npm run bench graph`); a 500 ms base cost 2.8×.
 */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 100, capMs: 8000 };

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
