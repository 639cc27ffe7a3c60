import { type BackoffPolicy, equalJitterDelayMs } from './backoff';

/**
 * Requeues of work whose DynamoDB writes stayed throttled before it is left to the queue's
 * redelivery (and, in the end, its DLQ): enough for a partition's throughput to recover.
 */
export const THROTTLED_WRITE_MAX_REQUEUES = 8;

/** From 2 s, doubling, at most 2 min: DynamoDB's adaptive capacity needs seconds, not milliseconds. */
export const THROTTLED_WRITE_BACKOFF: BackoffPolicy = { baseMs: 2000, capMs: 120_000 };

export type ThrottledWriteDecision =
  | { action: 'requeue'; delaySeconds: number; nextAttempt: number }
  | { action: 'give_up' };

/**
 * What work does after its writes stayed throttled on requeue number `attempt` (0 = the first
 * time): wait and go again with equal jitter (retrying at once would only be refused again),
 * up to {@link THROTTLED_WRITE_MAX_REQUEUES} times.
 * @example throttledWriteRetry(0, () => 0) // { action: 'requeue', delaySeconds: 1, nextAttempt: 1 }
 */
export function throttledWriteRetry(
  attempt: number,
  random: () => number,
  maxRequeues = THROTTLED_WRITE_MAX_REQUEUES,
): ThrottledWriteDecision {
  if (attempt >= maxRequeues) return { action: 'give_up' };
  const delayMs = equalJitterDelayMs(attempt, THROTTLED_WRITE_BACKOFF, random);
  return {
    action: 'requeue',
    delaySeconds: Math.max(1, Math.ceil(delayMs / 1000)),
    nextAttempt: attempt + 1,
  };
}
