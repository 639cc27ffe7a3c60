import type { SyncRun } from '../domain/sync-run';
import { NotFoundError } from '../platform/errors';
import type { SyncRunStore } from '../store/sync-run-store';

/** `GET /meta/sync/{syncRunId}`; another workspace's run reads as not found. */
export async function syncRunView(
  deps: { runs: SyncRunStore },
  workspaceId: string,
  syncRunId: string,
): Promise<Record<string, unknown>> {
  const run = await deps.runs.get(workspaceId, syncRunId);
  if (!run) throw new NotFoundError('There is no such sync run.');
  // While running, the failures so far come from the task results; a concluded run keeps them.
  const errors =
    run.status === 'running'
      ? [
          ...run.planErrors,
          ...(await deps.runs.taskResults(workspaceId, syncRunId)).flatMap((result) =>
            result.error ? [result.error] : [],
          ),
        ]
      : run.errors;
  return view(run, errors);
}

function view(run: SyncRun, errors: SyncRun['errors']): Record<string, unknown> {
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
