import type { AssetObservation } from '../domain/asset-record';
import type { AssetType } from '../domain/asset-type';
import type { SyncTask } from '../domain/sync-plan';
import type { ActiveSyncRun, SyncError, SyncRun, SyncTaskResult } from '../domain/sync-run';

export interface ActiveRuns {
  runs: ActiveSyncRun[];
  /** Optimistic-concurrency version of the list; 0 when it was never written. */
  version: number;
}

/**
 * Sync runs and everything their tasks leave behind: the plan, the observations, one result
 * per task, and the fan-in counters that let exactly one finisher conclude.
 */
export interface SyncRunStore {
  get(workspaceId: string, syncRunId: string): Promise<SyncRun | undefined>;
  /** The workspace's running runs (what a new request may join). */
  activeRuns(workspaceId: string): Promise<ActiveRuns>;
  /**
   * Creates `run` and replaces the active list with `active` in one step, unless the list
   * moved past `expectedVersion`; false if it did (read again and decide again).
   */
  startRun(run: SyncRun, active: ActiveSyncRun[], expectedVersion: number): Promise<boolean>;
  /** Takes a concluded run off the active list (idempotent). */
  removeActiveRun(workspaceId: string, syncRunId: string): Promise<void>;

  /**
   * Stores the plan and sets the task total, once: a second call (a redelivered planner)
   * leaves the first plan in place. Returns the plan in force.
   */
  savePlan(
    workspaceId: string,
    syncRunId: string,
    tasks: SyncTask[],
    planErrors: SyncError[],
  ): Promise<SyncTask[]>;

  /** The stored plan; undefined before planning finished. */
  plan(workspaceId: string, syncRunId: string): Promise<SyncTask[] | undefined>;

  /** Replaces one segment of one task's observations (a redelivered segment overwrites itself). */
  putObservations(
    workspaceId: string,
    syncRunId: string,
    taskId: string,
    segment: number,
    observations: readonly AssetObservation[],
  ): Promise<void>;
  loadObservations(workspaceId: string, syncRunId: string): Promise<AssetObservation[]>;

  /**
   * Records a task's result and counts it in the run, atomically and once: false when it was
   * recorded before (a redelivered message), in which case nothing is counted again. The last
   * segment's observations, when given, are stored in the same step.
   */
  recordTaskResult(
    workspaceId: string,
    syncRunId: string,
    result: SyncTaskResult,
    last?: { segment: number; observations: readonly AssetObservation[] },
  ): Promise<boolean>;
  /** The run and this task's recorded result (when there is one), read in one round trip. */
  taskState(
    workspaceId: string,
    syncRunId: string,
    taskId: string,
  ): Promise<{ run?: SyncRun; result?: SyncTaskResult }>;
  taskResults(workspaceId: string, syncRunId: string): Promise<SyncTaskResult[]>;

  /**
   * Makes `claimant` the run's one finisher when every task has reported and the run is still
   * running; the same claimant may claim again (its redelivery). Returns the run when held.
   */
  claimConclusion(workspaceId: string, syncRunId: string, claimant: string): Promise<SyncRun | undefined>;
  /** The claimant currently holding the conclusion, if any. */
  finisherOf(workspaceId: string, syncRunId: string): Promise<string | undefined>;
  /** Writes the concluded run (status, counts, cleanup, errors) unless it concluded already. */
  conclude(run: SyncRun): Promise<boolean>;
  /** Concludes a running run as failed without a finisher (its connection went away). */
  abandon(workspaceId: string, syncRunId: string, error: SyncError, at: string): Promise<boolean>;

  /**
   * Of `types`, those no later-started run has applied yet; records this run as the latest
   * to apply them. An older run must not overwrite what a newer one found.
   */
  claimApply(workspaceId: string, types: readonly AssetType[], startedAt: string): Promise<AssetType[]>;
}
