import type { ExperimentStatus } from './experiment';

/** When a study runs: our record's times, or Meta's when we read the study. */
export interface StudyTimes {
  startMs: number;
  endMs: number;
  /** Meta's `canceled_time`, or our own cancel. */
  cancelledMs?: number;
}

/**
 * A split test's status at `nowMs`: cancelled once cancelled (here or at Meta), scheduled
 * before the start, running until the end, completed after.
 * @example experimentStatus({ startMs: 0, endMs: 10 }, 5) // 'running'
 */
export function experimentStatus(times: StudyTimes, nowMs: number): ExperimentStatus {
  if (times.cancelledMs !== undefined) return 'cancelled';
  if (nowMs < times.startMs) return 'scheduled';
  if (nowMs < times.endMs) return 'running';
  return 'completed';
}

/**
 * The times that decide the status when Meta's study has been read. Meta is the truth about
 * when the study runs: an end moved at Meta (Ads Manager, another tool) moves ours. An end
 * moved earlier than planned is a stop, so once that end has passed the study reads
 * cancelled; one still ahead just ends sooner (and completes then, if not stopped again).
 * @example effectiveTimes({ startMs: 0, endMs: 100 }, { startMs: 0, endMs: 50 }, 60).cancelledMs // 50
 */
export function effectiveTimes(planned: StudyTimes, atMeta: StudyTimes, nowMs: number): StudyTimes {
  const cancelledMs =
    planned.cancelledMs ??
    atMeta.cancelledMs ??
    (atMeta.endMs < planned.endMs && nowMs >= atMeta.endMs ? atMeta.endMs : undefined);
  return {
    startMs: atMeta.startMs,
    endMs: atMeta.endMs,
    ...(cancelledMs === undefined ? {} : { cancelledMs }),
  };
}

/** Whether a cancel can still do anything: a completed or cancelled study has ended. */
export function hasEnded(status: ExperimentStatus): boolean {
  return status === 'completed' || status === 'cancelled';
}

/** Meta stops a study by its end time, which must lie ahead when it is set: a minute from now. */
export const CANCEL_END_DELAY_SECONDS = 60;

/** The times (unix seconds, as Meta takes them) a cancel gives the study at Meta. */
export interface CancelTimes {
  /** Only when the start moves: a study that has not started is brought forward with its end. */
  startSeconds?: number;
  endSeconds: number;
}

/**
 * Where a cancel moves a study that has not ended (META-API.md "Split tests": an end time
 * ahead, never DELETE). Meta refuses an end at or before the start, and a cancel must never
 * lengthen a study: a running one ends a minute from now or at its planned end, whichever is
 * sooner; one not started yet (its start more than a minute ahead) has its start brought to a
 * minute from now and its end one second after, so it is over within the minute instead of
 * lingering scheduled (an end just after a start days away would keep it so).
 * @example cancelTimes({ startMs: 0, endMs: 30_000 }, 10_000) // { endSeconds: 30 }
 */
export function cancelTimes(times: StudyTimes, nowMs: number): CancelTimes {
  const soon = Math.ceil(nowMs / 1000) + CANCEL_END_DELAY_SECONDS;
  const startSeconds = Math.floor(times.startMs / 1000);
  const endSeconds = Math.floor(times.endMs / 1000);
  if (startSeconds <= soon) return { endSeconds: Math.min(endSeconds, Math.max(soon, startSeconds + 1)) };
  return { startSeconds: soon, endSeconds: Math.min(endSeconds, soon + 1) };
}
