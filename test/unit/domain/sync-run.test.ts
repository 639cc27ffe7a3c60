import {
  type ActiveSyncRun,
  allTasksReported,
  cleanupDecision,
  joinableRun,
  liveRuns,
  SYNC_RUN_STALE_MS,
  syncRunIdAt,
  syncRunStatus,
  timedOutRuns,
} from '../../../shared/domain/sync-run';

describe('syncRunStatus', () => {
  it.each([
    [{ total: 3, succeeded: 3, failed: 0 }, 0, 'succeeded'],
    [{ total: 3, succeeded: 2, failed: 1 }, 0, 'partial'],
    [{ total: 3, succeeded: 0, failed: 3 }, 0, 'failed'],
    [{ total: 3, succeeded: 3, failed: 0 }, 1, 'partial'],
    [{ total: 1, succeeded: 0, failed: 1 }, 1, 'failed'],
    [{ total: 0, succeeded: 0, failed: 0 }, 0, 'succeeded'],
    [{ total: 0, succeeded: 0, failed: 0 }, 2, 'failed'],
  ] as const)('%o with %i planning errors is %s', (tasks, planErrors, expected) => {
    expect(syncRunStatus(tasks, planErrors)).toBe(expected);
  });
});

describe('allTasksReported', () => {
  it('is true once succeeded and failed reach the total', () => {
    expect(allTasksReported({ total: 2, succeeded: 1, failed: 0 })).toBe(false);
    expect(allTasksReported({ total: 2, succeeded: 1, failed: 1 })).toBe(true);
    expect(allTasksReported({ total: 0, succeeded: 0, failed: 0 })).toBe(true);
  });
});

describe('cleanupDecision', () => {
  it('cleans up only after a complete run that is the newest', () => {
    expect(cleanupDecision('succeeded', true)).toBe('done');
    expect(cleanupDecision('succeeded', false)).toBe('skipped');
    expect(cleanupDecision('partial', true)).toBe('skipped');
    expect(cleanupDecision('failed', true)).toBe('skipped');
    expect(cleanupDecision('running', true)).toBe('skipped');
  });
});

describe('joinableRun and liveRuns', () => {
  const now = Date.parse('2026-08-01T10:00:00.000Z');
  const at = (msAgo: number) => new Date(now - msAgo).toISOString();
  const run = (overrides: Partial<ActiveSyncRun>): ActiveSyncRun => ({
    syncRunId: 'r1',
    assetTypes: ['ad-accounts', 'pages', 'pixels', 'catalogs'],
    startedAt: at(1000),
    generation: 1,
    ...overrides,
  });

  it('joins a running run covering the requested types', () => {
    expect(joinableRun([run({})], ['pixels'], 1, now)?.syncRunId).toBe('r1');
  });

  it('does not join a run missing a requested type', () => {
    expect(joinableRun([run({ assetTypes: ['pixels'] })], ['pixels', 'pages'], 1, now)).toBeUndefined();
  });

  it('does not join a stale run or one of an older connection', () => {
    expect(joinableRun([run({ startedAt: at(SYNC_RUN_STALE_MS + 1) })], ['pixels'], 1, now)).toBeUndefined();
    expect(joinableRun([run({ generation: 0 })], ['pixels'], 1, now)).toBeUndefined();
  });

  it('picks the first run that fits', () => {
    const runs = [
      run({ syncRunId: 'a', assetTypes: ['pages'] }),
      run({ syncRunId: 'b' }),
      run({ syncRunId: 'c' }),
    ];
    expect(joinableRun(runs, ['pixels'], 1, now)?.syncRunId).toBe('b');
  });

  it('keeps only fresh runs of the current generation', () => {
    const runs = [
      run({ syncRunId: 'fresh' }),
      run({ syncRunId: 'stale', startedAt: at(SYNC_RUN_STALE_MS + 1) }),
      run({ syncRunId: 'old', generation: 0 }),
    ];
    expect(liveRuns(runs, 1, now).map((r) => r.syncRunId)).toEqual(['fresh']);
  });

  it('names the runs of the current connection that ran past the limit', () => {
    const runs = [
      run({ syncRunId: 'fresh' }),
      run({ syncRunId: 'stale', startedAt: at(SYNC_RUN_STALE_MS + 1) }),
      run({ syncRunId: 'old-connection', generation: 0, startedAt: at(SYNC_RUN_STALE_MS + 1) }),
    ];
    expect(timedOutRuns(runs, 1, now).map((r) => r.syncRunId)).toEqual(['stale']);
  });
});

describe('syncRunIdAt', () => {
  it('sorts by time', () => {
    const ids = [
      syncRunIdAt(1_700_000_000_000, 'ff'),
      syncRunIdAt(1_700_000_000_001, '00'),
      syncRunIdAt(1_800_000_000_000, '00'),
    ];
    expect([...ids].sort()).toEqual(ids);
    expect(syncRunIdAt(0, 'ab12')).toBe('sr_000000000ab12');
  });
});
