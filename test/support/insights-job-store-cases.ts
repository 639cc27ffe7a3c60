import type { InsightsJob } from '../../shared/domain/insights-job';
import type { InsightsJobStore } from '../../shared/store/insights-job-store';

const NOW = '2026-12-01T10:00:00.000Z';

export function newJob(overrides: Partial<InsightsJob> = {}): InsightsJob {
  return {
    workspaceId: 'ws-1',
    jobId: 'inj_0123456789abcdef01234567',
    adAccountId: 'act_1',
    from: '2026-11-04',
    to: '2026-12-01',
    trigger: 'manual',
    status: 'running',
    generation: 1,
    pieces: { total: 3, done: 0, failed: 0 },
    rows: 0,
    written: 0,
    errors: [],
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

const done = (pieceId: string, rows = 10, written = 4) => ({
  pieceId,
  result: 'done' as const,
  rows,
  written,
});

/** The rules every InsightsJobStore keeps (run against the in-memory and the DynamoDB store). */
export function insightsJobStoreCases(store: () => InsightsJobStore): void {
  it('creates a job once and reads it back only in its workspace', async () => {
    const job = newJob();
    expect(await store().create(job)).toBe(true);
    expect(await store().create({ ...job, from: '2026-01-01' })).toBe(false);
    expect(await store().get('ws-1', job.jobId)).toEqual(job);
    expect(await store().get('ws-2', job.jobId)).toBeUndefined();
  });

  it('counts each piece once, with its rows, and lets exactly one caller finish the job', async () => {
    const job = newJob({ jobId: 'inj_1123456789abcdef01234567' });
    await store().create(job);
    expect(await store().recordPiece('ws-1', job.jobId, done('a'), NOW)).toBe(true);
    expect(await store().recordPiece('ws-1', job.jobId, done('a'), NOW)).toBe(false);
    expect(await store().finishIfSettled('ws-1', job.jobId, NOW)).toBeUndefined();
    expect(await store().pieceState('ws-1', job.jobId, 'a')).toEqual({
      job: expect.objectContaining({ pieces: { total: 3, done: 1, failed: 0 }, rows: 10, written: 4 }),
      outcome: done('a'),
    });
    // A split: one piece becomes two.
    expect(
      await store().recordPiece(
        'ws-1',
        job.jobId,
        { pieceId: 'b', result: 'split', rows: 3, written: 1 },
        NOW,
      ),
    ).toBe(true);
    await store().recordPiece('ws-1', job.jobId, done('b1'), NOW);
    await store().recordPiece('ws-1', job.jobId, done('b2'), NOW);
    expect(await store().finishIfSettled('ws-1', job.jobId, NOW)).toBeUndefined();
    await store().recordPiece('ws-1', job.jobId, done('c'), NOW);
    const finishes = await Promise.all(
      [1, 2, 3].map(() => store().finishIfSettled('ws-1', job.jobId, '2026-12-01T11:00:00.000Z')),
    );
    const finished = finishes.filter((f) => f !== undefined);
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({
      status: 'succeeded',
      pieces: { total: 4, done: 4, failed: 0 },
      rows: 43,
      written: 17,
      finishedAt: '2026-12-01T11:00:00.000Z',
    });
    // Nothing counts on a finished job.
    expect(await store().recordPiece('ws-1', job.jobId, done('late'), NOW)).toBe(false);
  });

  it('fails a job with a failed piece, keeping its error', async () => {
    const job = newJob({ jobId: 'inj_2123456789abcdef01234567', pieces: { total: 2, done: 0, failed: 0 } });
    await store().create(job);
    const error = { code: 'meta_token_invalid', message: 'reconnect Meta' };
    await store().recordPiece(
      'ws-1',
      job.jobId,
      { pieceId: 'a', result: 'failed', rows: 0, written: 0, error },
      NOW,
    );
    await store().recordPiece('ws-1', job.jobId, done('b'), NOW);
    expect(await store().finishIfSettled('ws-1', job.jobId, NOW)).toMatchObject({
      status: 'failed',
      pieces: { total: 2, done: 1, failed: 1 },
      errors: [error],
    });
    expect((await store().pieceState('ws-1', job.jobId, 'a')).outcome).toEqual({
      pieceId: 'a',
      result: 'failed',
      rows: 0,
      written: 0,
      error,
    });
  });

  it('abandons a running job once', async () => {
    const job = newJob({ jobId: 'inj_3123456789abcdef01234567' });
    await store().create(job);
    const error = { code: 'disconnected', message: 'gone' };
    expect(await store().abandon('ws-1', job.jobId, error, NOW)).toBe(true);
    expect(await store().abandon('ws-1', job.jobId, error, NOW)).toBe(false);
    expect(await store().get('ws-1', job.jobId)).toMatchObject({
      status: 'failed',
      errors: [error],
      finishedAt: NOW,
    });
  });
}
