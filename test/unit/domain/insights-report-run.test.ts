import {
  MAX_POLL_SECONDS,
  newReportRunWatch,
  type ReportRunWatch,
  watchReportRun,
} from '../../../shared/domain/insights-report-run';

describe('watchReportRun', () => {
  it('reads a completed run', () => {
    expect(watchReportRun({ state: 'completed' }, newReportRunWatch(0), 5_000)).toEqual({ action: 'read' });
  });

  it('looks again after 2 s, then twice as long each time, never more than 60 s apart', () => {
    let watch: ReportRunWatch = newReportRunWatch(0);
    const delays: number[] = [];
    let now = 0;
    for (let look = 0; look < 8; look++) {
      const decision = watchReportRun({ state: 'running', percent: 40 }, watch, now);
      if (decision.action !== 'poll') throw new Error(decision.action);
      delays.push(decision.delaySeconds);
      now += decision.delaySeconds * 1000;
      watch = decision.watch;
    }
    expect(delays).toEqual([2, 4, 8, 16, 32, 60, 60, 60]);
    expect(MAX_POLL_SECONDS).toBe(60);
  });

  it('gives up a failed or skipped run', () => {
    expect(watchReportRun({ state: 'failed', reason: 'Job Skipped' }, newReportRunWatch(0), 1)).toEqual({
      action: 'abandon',
      reason: 'the report run failed (Job Skipped)',
    });
  });

  it('gives up a run at 100 % still running for more than 90 s, not before', () => {
    const first = watchReportRun({ state: 'running', percent: 100 }, newReportRunWatch(0), 10_000);
    if (first.action !== 'poll') throw new Error(first.action);
    expect(first.watch.fullSinceMs).toBe(10_000);
    expect(watchReportRun({ state: 'running', percent: 100 }, first.watch, 100_000).action).toBe('poll');
    expect(watchReportRun({ state: 'running', percent: 100 }, first.watch, 100_001)).toEqual({
      action: 'abandon',
      reason: 'the report run stalled at 100 % without completing',
    });
  });

  it('forgets a 100 % reading that went back below', () => {
    const watch = { startedAtMs: 0, fullSinceMs: 0, nextPollSeconds: 8 };
    const decision = watchReportRun({ state: 'running', percent: 90 }, watch, 200_000);
    expect(decision).toEqual({
      action: 'poll',
      delaySeconds: 8,
      watch: { startedAtMs: 0, nextPollSeconds: 16 },
    });
  });

  it('gives up a run still going 15 minutes after its start', () => {
    const watch = newReportRunWatch(0);
    expect(watchReportRun({ state: 'running', percent: 10 }, watch, 15 * 60_000).action).toBe('poll');
    expect(watchReportRun({ state: 'running', percent: 10 }, watch, 15 * 60_000 + 1).action).toBe('abandon');
  });
});
