import type { AssetType } from './asset-type';

export type SyncRunStatus = 'running' | 'succeeded' | 'partial' | 'failed';
export type SyncTrigger = 'connect' | 'manual' | 'schedule';
/** Where a running run is: listing BMs, reading them, or the one finisher concluding. */
export type SyncPhase = 'planning' | 'fetching' | 'concluding' | 'done';

export interface SyncCounts {
  found: number;
  added: number;
  updated: number;
  removed: number;
}

/** What went wrong in one part of a run, safe to show (never a token). */
export interface SyncError {
  code: string;
  message: string;
  taskId?: string;
  businessId?: string;
  tokenId?: string;
}

export interface SyncTaskTally {
  /** 0 until the plan is made. */
  total: number;
  succeeded: number;
  failed: number;
}

/** One sync of one workspace, from the request to the one conclusion. */
export interface SyncRun {
  workspaceId: string;
  syncRunId: string;
  /** The connection generation it runs for; a disconnect makes its queued work void. */
  generation: number;
  trigger: SyncTrigger;
  assetTypes: AssetType[];
  status: SyncRunStatus;
  phase: SyncPhase;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  tasks: SyncTaskTally;
  counts: SyncCounts;
  cleanup?: 'done' | 'skipped';
  /** Tokens whose BMs could not be listed: their part of the inventory is unknown. */
  planErrors: SyncError[];
  /** Every failure of the run, filled in when it concludes. */
  errors: SyncError[];
}

/** How one task ended, recorded once however often its message is delivered. */
export interface SyncTaskResult {
  taskId: string;
  status: 'succeeded' | 'failed';
  /** Sightings the task made (an asset seen through two edges counts twice). */
  observed: number;
  error?: SyncError;
  /** Tokens found invalid (revoked, expired) while reading: they reach nothing. */
  invalidTokenIds: string[];
}

/** A run that is still going, as the workspace's list of active runs keeps it. */
export interface ActiveSyncRun {
  syncRunId: string;
  assetTypes: AssetType[];
  startedAt: string;
  /** The connection generation it runs for: after a reconnect it is not joined. */
  generation: number;
}

export const ZERO_COUNTS: SyncCounts = { found: 0, added: 0, updated: 0, removed: 0 };

/**
 * A run abandoned (its messages dead-lettered, a finisher that never came back) stops being
 * joined after this long, so a new sync can start.
 */
export const SYNC_RUN_STALE_MS = 30 * 60 * 1000;

/**
 * The final status: `failed` when no part succeeded (every task failed, or no BM could even be
 * listed), `partial` when some part failed, else `succeeded`.
 * @example syncRunStatus({ total: 3, succeeded: 2, failed: 1 }, 0) // 'partial'
 */
export function syncRunStatus(tasks: SyncTaskTally, planErrors: number): Exclude<SyncRunStatus, 'running'> {
  if (tasks.total === 0) return planErrors > 0 ? 'failed' : 'succeeded';
  if (tasks.failed >= tasks.total) return 'failed';
  if (tasks.failed > 0 || planErrors > 0) return 'partial';
  return 'succeeded';
}

/** Every planned task has reported: the run may conclude. */
export function allTasksReported(tasks: SyncTaskTally): boolean {
  return tasks.succeeded + tasks.failed >= tasks.total;
}

/**
 * Only a run that completed in full, and that no later-started run has overtaken, removes
 * what it did not see; any failure skips cleanup (an unread BM is not an empty BM).
 */
export function cleanupDecision(status: SyncRunStatus, newest: boolean): 'done' | 'skipped' {
  return status === 'succeeded' && newest ? 'done' : 'skipped';
}

/**
 * The running run a new request joins: one of the current connection generation, not stale,
 * covering every requested type.
 * @example joinableRun([{ syncRunId: 'a', assetTypes: ['pages', 'pixels'], startedAt, generation: 1 }], ['pixels'], 1, now) // that run
 */
export function joinableRun(
  active: readonly ActiveSyncRun[],
  requested: readonly AssetType[],
  generation: number,
  nowMs: number,
  staleAfterMs = SYNC_RUN_STALE_MS,
): ActiveSyncRun | undefined {
  return liveRuns(active, generation, nowMs, staleAfterMs).find((run) =>
    requested.every((type) => run.assetTypes.includes(type)),
  );
}

/**
 * The active runs still worth keeping: stale runs and runs of an older connection (their
 * queued work does nothing) are dropped when the list is next written.
 */
export function liveRuns(
  active: readonly ActiveSyncRun[],
  generation: number,
  nowMs: number,
  staleAfterMs = SYNC_RUN_STALE_MS,
): ActiveSyncRun[] {
  return active.filter((run) => run.generation === generation && !isStale(run, nowMs, staleAfterMs));
}

/**
 * Active runs of the current connection that have run past the stale limit: their messages
 * dead-lettered or their finisher never came back, so they are ended as failed.
 */
export function timedOutRuns(
  active: readonly ActiveSyncRun[],
  generation: number,
  nowMs: number,
  staleAfterMs = SYNC_RUN_STALE_MS,
): ActiveSyncRun[] {
  return active.filter((run) => run.generation === generation && isStale(run, nowMs, staleAfterMs));
}

function isStale(run: ActiveSyncRun, nowMs: number, staleAfterMs: number): boolean {
  return nowMs - Date.parse(run.startedAt) > staleAfterMs;
}

/**
 * A run id that sorts by start time (newest last), so a workspace's runs list in order:
 * `sr_` + 9 base-36 digits of epoch ms + the random suffix given.
 * @example syncRunIdAt(0, 'ab12') // 'sr_000000000ab12'
 */
export function syncRunIdAt(nowMs: number, randomSuffix: string): string {
  return `sr_${Math.max(0, Math.floor(nowMs)).toString(36).padStart(9, '0')}${randomSuffix}`;
}
