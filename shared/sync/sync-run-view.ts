import type { SyncRunView } from '../contracts/sync';
import type { SyncRun } from '../domain/sync-run';
import { NotFoundError } from '../platform/errors';
import type { SyncRunStore } from '../store/sync-run-store';

type SyncRunViewDeps = { runs: Pick<SyncRunStore, 'get' | 'taskResults'> };

/** `GET /meta/sync/{syncRunId}`; another workspace's run reads as not found. */
export async function syncRunView(
  deps: SyncRunViewDeps,
  workspaceId: string,
  syncRunId: string,
): Promise<SyncRunView> {
  const run = await deps.runs.get(workspaceId, syncRunId);
  if (!run) throw new NotFoundError('There is no such sync run.');
  return view(run, await errorsSoFar(deps, run));
}

/**
 * A concluded run keeps its errors; while it runs they come from the failed tasks' results,
 * read only when the run counts a failure (dashboards poll this view every few seconds).
 */
async function errorsSoFar(deps: SyncRunViewDeps, run: SyncRun): Promise<SyncRun['errors']> {
  if (run.status !== 'running') return run.errors;
  if (run.tasks.failed === 0) return run.planErrors;
  const results = await deps.runs.taskResults(run.workspaceId, run.syncRunId);
  return [...run.planErrors, ...results.flatMap((result) => (result.error ? [result.error] : []))];
}

function view(run: SyncRun, errors: SyncRun['errors']): SyncRunView {
  return {
    syncRunId: run.syncRunId,
    status: run.status,
    phase: run.phase,
    trigger: run.trigger,
    assetTypes: run.assetTypes,
    startedAt: run.startedAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    tasks: run.tasks,
    counts: run.counts,
    ...(run.cleanup ? { cleanup: run.cleanup } : {}),
    errors,
  };
}
