import type { AssetObservation } from '../../../../shared/domain/asset-record';
import type { SyncTask } from '../../../../shared/domain/sync-plan';
import type { SyncRun } from '../../../../shared/domain/sync-run';
import { DynamoSyncRunStore } from '../../../../shared/store/dynamodb/sync-run-store';
import { useLocalAppTable } from '../../support/local-app-table';

function newRun(syncRunId: string, overrides: Partial<SyncRun> = {}): SyncRun {
  const at = new Date().toISOString();
  return {
    workspaceId: 'ws1',
    syncRunId,
    generation: 1,
    trigger: 'manual',
    assetTypes: ['ad-accounts', 'pages'],
    status: 'running',
    phase: 'planning',
    startedAt: at,
    updatedAt: at,
    tasks: { total: 0, succeeded: 0, failed: 0 },
    counts: { found: 0, added: 0, updated: 0, removed: 0 },
    planErrors: [],
    errors: [],
    ...overrides,
  };
}

const task = (id: string): SyncTask => ({
  kind: 'business',
  taskId: `bm-${id}`,
  businessId: id,
  tokenIds: ['login'],
  edges: [{ edge: 'owned_pages', assetType: 'pages', source: 'owned', record: true, pixels: false }],
});

const sighting = (id: string): AssetObservation => ({
  type: 'pages',
  id,
  name: `Page ${id}`,
  source: 'owned',
  tokenIds: ['login'],
});

describe('DynamoSyncRunStore on DynamoDB Local', () => {
  let store: DynamoSyncRunStore;
  beforeAll(async () => {
    await useLocalAppTable('syncruns');
    store = new DynamoSyncRunStore();
  });

  async function planned(syncRunId: string, tasks: SyncTask[]): Promise<void> {
    expect(await store.startRun(newRun(syncRunId), [], (await store.activeRuns('ws1')).version)).toBe(true);
    await store.savePlan('ws1', syncRunId, tasks, []);
  }

  it('starts a run and its active-list entry together, refusing a stale list version', async () => {
    const active = await store.activeRuns('ws1');
    const entry = {
      syncRunId: 'sr_a',
      assetTypes: ['pages' as const],
      startedAt: new Date().toISOString(),
      generation: 1,
    };
    expect(await store.startRun(newRun('sr_a'), [entry], active.version)).toBe(true);
    expect(await store.startRun(newRun('sr_b'), [entry], active.version)).toBe(false);
    expect(await store.get('ws1', 'sr_b')).toBeUndefined();
    expect((await store.activeRuns('ws1')).runs).toEqual([entry]);
    await store.removeActiveRun('ws1', 'sr_a');
    await store.removeActiveRun('ws1', 'sr_a');
    expect((await store.activeRuns('ws1')).runs).toEqual([]);
    expect(await store.get('ws1', 'sr_a')).toMatchObject({ status: 'running', phase: 'planning' });
  });

  it('keeps the first plan when a planner is redelivered', async () => {
    await store.startRun(newRun('sr_plan'), [], (await store.activeRuns('ws1')).version);
    const first = [task('1'), task('2')];
    expect(await store.savePlan('ws1', 'sr_plan', first, [{ code: 'x', message: 'token gone' }])).toEqual(
      first,
    );
    expect(await store.savePlan('ws1', 'sr_plan', [task('3')], [])).toEqual(first);
    expect(await store.plan('ws1', 'sr_plan')).toEqual(first);
    expect(await store.get('ws1', 'sr_plan')).toMatchObject({
      phase: 'fetching',
      tasks: { total: 2 },
      planErrors: [{ code: 'x', message: 'token gone' }],
    });
  });

  it('counts each task once however often its result is recorded, and lets one finisher claim', async () => {
    await planned('sr_fanin', [task('1'), task('2')]);
    expect(await store.claimConclusion('ws1', 'sr_fanin', 'bm-1')).toBeUndefined();
    const ok = { taskId: 'bm-1', status: 'succeeded' as const, observed: 1, invalidTokenIds: [] };
    expect(
      await store.recordTaskResult('ws1', 'sr_fanin', ok, { segment: 0, observations: [sighting('p1')] }),
    ).toBe(true);
    expect(await store.recordTaskResult('ws1', 'sr_fanin', ok)).toBe(false);
    expect(await store.claimConclusion('ws1', 'sr_fanin', 'bm-1')).toBeUndefined();
    const failed = {
      taskId: 'bm-2',
      status: 'failed' as const,
      observed: 0,
      invalidTokenIds: ['login'],
      error: { code: 'meta_unavailable', message: 'down', taskId: 'bm-2' },
    };
    // Both last reporters race for the conclusion: exactly one gets it.
    await Promise.all([
      store.recordTaskResult('ws1', 'sr_fanin', failed),
      store.recordTaskResult('ws1', 'sr_fanin', failed),
    ]);
    const claims = await Promise.all([
      store.claimConclusion('ws1', 'sr_fanin', 'bm-1'),
      store.claimConclusion('ws1', 'sr_fanin', 'bm-2'),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = claims[0] ? 'bm-1' : 'bm-2';
    expect(await store.finisherOf('ws1', 'sr_fanin')).toBe(winner);
    // The winner's redelivery may claim again; the loser may not.
    expect(await store.claimConclusion('ws1', 'sr_fanin', winner)).toMatchObject({
      phase: 'concluding',
      tasks: { total: 2, succeeded: 1, failed: 1 },
    });
    expect(
      await store.claimConclusion('ws1', 'sr_fanin', winner === 'bm-1' ? 'bm-2' : 'bm-1'),
    ).toBeUndefined();
    expect((await store.taskResults('ws1', 'sr_fanin')).map((r) => r.taskId).sort()).toEqual([
      'bm-1',
      'bm-2',
    ]);
    expect(await store.taskState('ws1', 'sr_fanin', 'bm-2')).toEqual({
      run: expect.objectContaining({ syncRunId: 'sr_fanin', phase: 'concluding' }),
      result: failed,
    });
    // A task that has not reported reads the run alone; an unknown run reads nothing.
    expect(await store.taskState('ws1', 'sr_fanin', 'bm-9')).toEqual({
      run: expect.objectContaining({ syncRunId: 'sr_fanin' }),
    });
    expect(await store.taskState('ws1', 'sr_none', 'bm-1')).toEqual({});
    expect(await store.loadObservations('ws1', 'sr_fanin')).toEqual([sighting('p1')]);
  });

  it('concludes once, and an abandoned run stays failed', async () => {
    await planned('sr_end', []);
    const run = await store.claimConclusion('ws1', 'sr_end', 'planner');
    if (!run) throw new Error('no claim');
    const concluded = {
      ...run,
      status: 'succeeded' as const,
      cleanup: 'done' as const,
      finishedAt: new Date().toISOString(),
    };
    expect(await store.conclude(concluded)).toBe(true);
    expect(await store.conclude({ ...concluded, status: 'failed' })).toBe(false);
    expect(
      await store.abandon(
        'ws1',
        'sr_end',
        { code: 'disconnected', message: 'gone' },
        new Date().toISOString(),
      ),
    ).toBe(false);
    expect(await store.get('ws1', 'sr_end')).toMatchObject({
      status: 'succeeded',
      phase: 'done',
      cleanup: 'done',
    });

    await planned('sr_gone', [task('9')]);
    expect(
      await store.abandon(
        'ws1',
        'sr_gone',
        { code: 'disconnected', message: 'gone' },
        new Date().toISOString(),
      ),
    ).toBe(true);
    expect(await store.get('ws1', 'sr_gone')).toMatchObject({
      status: 'failed',
      cleanup: 'skipped',
      errors: [{ code: 'disconnected', message: 'gone' }],
    });
    const late = { taskId: 'bm-9', status: 'succeeded' as const, observed: 0, invalidTokenIds: [] };
    expect(await store.recordTaskResult('ws1', 'sr_gone', late)).toBe(false);
  });

  it('stores many sightings in segments that a redelivery overwrites', async () => {
    await planned('sr_obs', [task('1')]);
    const many = Array.from({ length: 4500 }, (_, i) => sighting(`p${i}`));
    await store.putObservations('ws1', 'sr_obs', 'bm-1', 0, many);
    await store.putObservations('ws1', 'sr_obs', 'bm-1', 0, many);
    await store.putObservations('ws1', 'sr_obs', 'bm-1', 1, [sighting('late')]);
    const loaded = await store.loadObservations('ws1', 'sr_obs');
    expect(loaded).toHaveLength(4501);
    expect(new Set(loaded.map((o) => o.id)).size).toBe(4501);
  });

  it('lets only the newest-started run apply a type', async () => {
    expect(await store.claimApply('ws-apply', ['pages', 'pixels'], '2026-08-01T10:00:00.000Z')).toEqual([
      'pages',
      'pixels',
    ]);
    expect(await store.claimApply('ws-apply', ['pixels'], '2026-08-01T11:00:00.000Z')).toEqual(['pixels']);
    // The older run may still apply pages, but no longer pixels; its own repeat is fine.
    expect(await store.claimApply('ws-apply', ['pages', 'pixels'], '2026-08-01T10:00:00.000Z')).toEqual([
      'pages',
    ]);
    expect(await store.claimApply('ws-apply', ['pixels'], '2026-08-01T11:00:00.000Z')).toEqual(['pixels']);
    expect(await store.claimApply('ws-apply', [], '2026-08-01T12:00:00.000Z')).toEqual([]);
  });
});
