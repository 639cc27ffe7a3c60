import type { ReportRunStatus } from '../insights/meta-insights';

/**
 * Watching an async report run without sleeping (META-API.md "Insights"): each look is a
 * queue message delayed by the backoff; a run that fails or hangs is given up so its range can
 * be split. `async_percent_completion` can read 100 while `async_status` still says running:
 * only `Job Completed` is done.
 */

/** First look ~2 s after the start, then twice as long each time, never more than a minute apart. */
export const FIRST_POLL_SECONDS = 2;
export const MAX_POLL_SECONDS = 60;
/** A run at 100 % still "running" this long is stuck (peers report runs that never finish). */
export const STALL_AT_FULL_MS = 90_000;
/** A run still going this long after its start is given up. */
export const MAX_RUN_MS = 15 * 60_000;

/** What the watcher remembers between looks (it travels in the queue message). */
export interface ReportRunWatch {
  startedAtMs: number;
  /** When the run first read 100 % while still running. */
  fullSinceMs?: number;
  /** Delay before the next look. */
  nextPollSeconds: number;
}

export type ReportRunDecision =
  /** `Job Completed`: read its pages. */
  | { action: 'read' }
  /** Look again after `delaySeconds`, remembering `watch`. */
  | { action: 'poll'; delaySeconds: number; watch: ReportRunWatch }
  /** Failed, skipped or stuck: split the range (or run the single day afresh). */
  | { action: 'abandon'; reason: string };

/** A new run's watch, started at `nowMs`. */
export function newReportRunWatch(nowMs: number): ReportRunWatch {
  return { startedAtMs: nowMs, nextPollSeconds: FIRST_POLL_SECONDS };
}

/**
 * What to do after a look at the run.
 * @example watchReportRun({ state: 'running', percent: 40 }, newReportRunWatch(0), 2000) // poll in 2 s
 */
export function watchReportRun(
  status: ReportRunStatus,
  watch: ReportRunWatch,
  nowMs: number,
): ReportRunDecision {
  if (status.state === 'completed') return { action: 'read' };
  if (status.state === 'failed')
    return { action: 'abandon', reason: `the report run failed (${status.reason})` };
  if (nowMs - watch.startedAtMs > MAX_RUN_MS)
    return { action: 'abandon', reason: 'the report run was still running after 15 minutes' };
  const fullSinceMs = status.percent >= 100 ? (watch.fullSinceMs ?? nowMs) : undefined;
  if (fullSinceMs !== undefined && nowMs - fullSinceMs > STALL_AT_FULL_MS)
    return { action: 'abandon', reason: 'the report run stalled at 100 % without completing' };
  const delaySeconds = watch.nextPollSeconds;
  return {
    action: 'poll',
    delaySeconds,
    watch: {
      startedAtMs: watch.startedAtMs,
      ...(fullSinceMs !== undefined ? { fullSinceMs } : {}),
      nextPollSeconds: Math.min(MAX_POLL_SECONDS, delaySeconds * 2),
    },
  };
}
