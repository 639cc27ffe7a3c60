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
