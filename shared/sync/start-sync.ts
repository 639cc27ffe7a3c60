import type { AssetType } from '../domain/asset-type';
import { normalizeAssetTypes } from '../domain/asset-type';
import { satisfiesFollowUp } from '../domain/follow-up-sync';
import {
  type ActiveSyncRun,
  joinableRun,
  liveRuns,
  type SyncRun,
  type SyncTrigger,
  syncRunIdAt,
  timedOutRuns,
  ZERO_COUNTS,
} from '../domain/sync-run';
import { ConflictError } from '../platform/errors';
import { settlePendingSync } from './pending-sync';
import type { SyncStartDeps } from './sync-deps';

export interface StartSyncInput {
  workspaceId: string;
  /** Types to sync; omitted or empty = all. */
  assetTypes?: AssetType[];
  trigger: SyncTrigger;
}

export interface StartSyncResult {
  syncRunId: string;
  /** True when a run already going for these types was joined instead of starting another. */
  joined: boolean;
}

/** The run started or joined, with when it started and what it covers (for follow-ups). */
export interface StartedSyncRun extends StartSyncResult {
  startedAt: string;
  assetTypes: AssetType[];
}

/** Attempts against concurrent starts of the same workspace before giving up. */
const MAX_START_ATTEMPTS = 6;

/**
 * Starts an asset sync of the workspace in the background and answers at once: a run already
 * going that covers the requested types is joined; otherwise a run is recorded and its
 * planning message queued. Throws ConflictError `not_connected` when Meta is not connected.
 * @example const { syncRunId, joined } = await startSyncWith(syncStartDeps(), { workspaceId, trigger: 'manual' });
 */
export async function startSyncWith(deps: SyncStartDeps, input: StartSyncInput): Promise<StartedSyncRun> {
  const [connection, firstActive] = await Promise.all([
    deps.connections.get(input.workspaceId),
    deps.runs.activeRuns(input.workspaceId),
  ]);
  if (connection.status === 'disconnected') {
    throw new ConflictError('Meta is not connected for this workspace.', { code: 'not_connected' });
  }
  const types = normalizeAssetTypes(input.assetTypes);
  for (let attempt = 0; attempt < MAX_START_ATTEMPTS; attempt++) {
    const { runs, version } = attempt === 0 ? firstActive : await deps.runs.activeRuns(input.workspaceId);
    const nowMs = deps.now();
    const running = joinableRun(runs, types, connection.generation, nowMs);
    if (running) {
      const { syncRunId, startedAt, assetTypes } = running;
      return { syncRunId, joined: true, startedAt, assetTypes };
    }

    const startedAt = new Date(nowMs).toISOString();
    const run: SyncRun = {
      workspaceId: input.workspaceId,
      syncRunId: syncRunIdAt(nowMs, deps.randomSuffix()),
      generation: connection.generation,
      trigger: input.trigger,
      assetTypes: types,
      status: 'running',
      phase: 'planning',
      startedAt,
      updatedAt: startedAt,
      tasks: { total: 0, succeeded: 0, failed: 0 },
      counts: { ...ZERO_COUNTS },
      planErrors: [],
      errors: [],
    };
    const active = [
      ...liveRuns(runs, connection.generation, nowMs),
      { syncRunId: run.syncRunId, assetTypes: types, startedAt, generation: connection.generation },
    ];
    if (!(await deps.runs.startRun(run, active, version))) continue;
    await queuePlanning(deps, run);
    await endTimedOutRuns(deps, input.workspaceId, timedOutRuns(runs, connection.generation, nowMs));
    if (connection.nextSync && satisfiesFollowUp(connection.nextSync, run)) {
      // This run lists every token as it is now: the follow-up it was owed is this run.
      await settlePendingSync(deps, input.workspaceId, (pending) => satisfiesFollowUp(pending, run));
    }
    return { syncRunId: run.syncRunId, joined: false, startedAt, assetTypes: types };
  }
  throw new ConflictError('Another sync of this workspace is starting; try again.', { code: 'sync_busy' });
}

/** Runs left running past the limit read `failed` (timed_out) instead of running forever. */
async function endTimedOutRuns(
  deps: SyncStartDeps,
  workspaceId: string,
  runs: ActiveSyncRun[],
): Promise<void> {
  const at = new Date(deps.now()).toISOString();
  for (const stale of runs) {
    await deps.runs.abandon(
      workspaceId,
      stale.syncRunId,
      {
        code: 'timed_out',
        message: 'The sync did not finish within 30 minutes and was given up; a new one started.',
      },
      at,
    );
  }
}

/** A run whose planning message was never queued must not be joined for half an hour. */
async function queuePlanning(deps: SyncStartDeps, run: SyncRun): Promise<void> {
  try {
    await deps.queue.send({
      kind: 'plan',
      workspaceId: run.workspaceId,
      syncRunId: run.syncRunId,
      generation: run.generation,
      attempt: 0,
    });
  } catch (err: unknown) {
    const at = new Date(deps.now()).toISOString();
    await deps.runs.abandon(
      run.workspaceId,
      run.syncRunId,
      { code: 'not_queued', message: 'The sync could not be queued.' },
      at,
    );
    await deps.runs.removeActiveRun(run.workspaceId, run.syncRunId);
    throw err;
  }
}
