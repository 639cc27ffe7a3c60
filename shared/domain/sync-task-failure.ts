import { MetaCircuitOpenError, MetaError, MetaThrottledError, MetaTransientError } from '../platform/errors';
import type { SyncError } from './sync-run';

/**
 * Attempts a task gets against Meta failing after the client's own retries: each further
 * attempt resumes from its checkpoint after a delay. Throttle waits do not count.
 */
export const SYNC_TASK_MAX_ATTEMPTS = 3;

export type TaskFailureDecision =
  /** Put the task back on the queue, resuming where it stopped, after `delaySeconds`. */
  | { action: 'defer'; delaySeconds: number; nextAttempt: number }
  /** The task is over and failed; the others go on. */
  | { action: 'fail'; error: SyncError }
  /** Not Meta's doing (our store, a bug): let the queue redeliver the message. */
  | { action: 'redeliver' };

/**
 * What a sync task does when reading Meta stopped with `err` on attempt `attempt` (0-based):
 * a throttle waits as long as Meta says without using an attempt; an open breaker or a Meta
 * outage that outlived the client's retries waits and tries again, up to
 * {@link SYNC_TASK_MAX_ATTEMPTS}; a token or permission failure left after failover, or a
 * refused request, fails the task.
 * @example decideTaskFailure(new MetaTransientError('down', info), 0).action // 'defer'
 */
export function decideTaskFailure(
  err: unknown,
  attempt: number,
  maxAttempts = SYNC_TASK_MAX_ATTEMPTS,
): TaskFailureDecision {
  if (err instanceof MetaThrottledError) {
    return { action: 'defer', delaySeconds: Math.max(1, err.retryAfterSeconds), nextAttempt: attempt };
  }
  if (err instanceof MetaTransientError || err instanceof MetaCircuitOpenError) {
    if (attempt + 1 < maxAttempts) {
      return { action: 'defer', delaySeconds: Math.max(1, err.retryAfterSeconds), nextAttempt: attempt + 1 };
    }
    return { action: 'fail', error: syncErrorOf(err) };
  }
  if (err instanceof MetaError) return { action: 'fail', error: syncErrorOf(err) };
  return { action: 'redeliver' };
}

/** The error as a run records and shows it: our code and Meta's words, never a token. */
export function syncErrorOf(err: MetaError): SyncError {
  return { code: err.code, message: err.message };
}
