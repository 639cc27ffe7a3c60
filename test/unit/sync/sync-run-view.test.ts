import type { SyncRun, SyncTaskResult } from '../../../shared/domain/sync-run';
import { NotFoundError } from '../../../shared/platform/errors';
import { syncRunView } from '../../../shared/sync/sync-run-view';

const planError = { code: 'no_usable_token', message: 'No valid Meta token is left; reconnect Meta.' };
const taskError = { code: 'meta_unavailable', message: 'Meta is down.', taskId: 'bm-2' };

function run(overrides: Partial<SyncRun>): SyncRun {
  return {
    workspaceId: 'ws1',
    syncRunId: 'sr1',
    generation: 1,
    trigger: 'manual',
    assetTypes: ['pages'],
    status: 'running',
    phase: 'fetching',
    startedAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:01.000Z',
    tasks: { total: 3, succeeded: 1, failed: 0 },
    counts: { found: 0, added: 0, updated: 0, removed: 0 },
    planErrors: [planError],
    errors: [],
    ...overrides,
  };
}

function store(stored: SyncRun | undefined, results: SyncTaskResult[] = []) {
  const calls = { taskResults: 0 };
  return {
    calls,
    runs: {
      get: async () => stored,
      taskResults: async () => {
        calls.taskResults++;
        return results;
      },
    },
  };
}

describe('syncRunView', () => {
  it('reads no task results while no task has failed', async () => {
    const deps = store(run({}));
    expect(await syncRunView(deps, 'ws1', 'sr1')).toMatchObject({ status: 'running', errors: [planError] });
    expect(deps.calls.taskResults).toBe(0);
  });

  it('lists the failures so far of a running run', async () => {
    const failed: SyncTaskResult = {
      taskId: 'bm-2',
      status: 'failed',
      observed: 0,
      invalidTokenIds: [],
      error: taskError,
    };
    const ok: SyncTaskResult = { taskId: 'bm-1', status: 'succeeded', observed: 4, invalidTokenIds: [] };
    const deps = store(run({ tasks: { total: 3, succeeded: 1, failed: 1 } }), [ok, failed]);
    expect(await syncRunView(deps, 'ws1', 'sr1')).toMatchObject({ errors: [planError, taskError] });
  });

  it('shows a concluded run with the errors it kept', async () => {
    const deps = store(
      run({ status: 'partial', phase: 'done', errors: [taskError], finishedAt: '2026-11-23T10:00:09.000Z' }),
    );
    expect(await syncRunView(deps, 'ws1', 'sr1')).toMatchObject({
      status: 'partial',
      finishedAt: '2026-11-23T10:00:09.000Z',
      errors: [taskError],
    });
    expect(deps.calls.taskResults).toBe(0);
  });

  it('answers not found for a run it does not have', async () => {
    await expect(syncRunView(store(undefined), 'ws1', 'sr1')).rejects.toBeInstanceOf(NotFoundError);
  });
});
