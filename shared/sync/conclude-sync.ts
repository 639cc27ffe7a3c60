import { updateConnection } from '../connect/update-connection';
import { mergeObservations } from '../domain/asset-merge';
import { reconcileInventory } from '../domain/asset-reconcile';
import type { AssetType } from '../domain/asset-type';
import type { Connection } from '../domain/connection';
import { syncNotificationContent } from '../domain/sync-notification';
import { cleanupDecision, type SyncRun, syncRunStatus, ZERO_COUNTS } from '../domain/sync-run';
import { logger } from '../platform/observability';
import { startFollowUpIfDue } from './follow-up-sync';
import type { SyncWorkDeps } from './sync-deps';

/** Work queued for a connection that has since been disconnected (or replaced) is void. */
export function isCurrentGeneration(connection: Connection, generation: number): boolean {
  return connection.status !== 'disconnected' && connection.generation === generation;
}

/**
 * Fan-in: when every task has reported, exactly one caller (the first to claim, or the same
 * one again on its redelivery) concludes the run. A caller that concluded before but crashed
 * before notifying finishes those last steps.
 */
export async function finishIfLast(
  deps: SyncWorkDeps,
  workspaceId: string,
  syncRunId: string,
  claimant: string,
): Promise<void> {
  const claimed = await deps.runs.claimConclusion(workspaceId, syncRunId, claimant);
  if (claimed) {
    await concludeSync(deps, claimed);
    return;
  }
  if ((await deps.runs.finisherOf(workspaceId, syncRunId)) !== claimant) return;
  const run = await deps.runs.get(workspaceId, syncRunId);
  if (run && run.status !== 'running') await afterConclusion(deps, run);
}

/**
 * Concludes a run: merges every task's sightings, reconciles them with the stored inventory
 * (writing only what changed), removes what was not seen when the run is complete and the
 * newest, then records the outcome, notifies and updates the connection's last sync.
 * Idempotent: a redelivered finisher converges to the same inventory and the same counts.
 */
export async function concludeSync(deps: SyncWorkDeps, run: SyncRun): Promise<SyncRun> {
  const { workspaceId, syncRunId } = run;
  const status = syncRunStatus(run.tasks, run.planErrors.length);
  const applies = status !== 'failed';
  // Everything the conclusion needs, read at once: the fan-in is on the critical path.
  const [connection, results, observations, tokenRefs, types, stored] = await Promise.all([
    deps.connections.get(workspaceId),
    deps.runs.taskResults(workspaceId, syncRunId),
    applies ? deps.runs.loadObservations(workspaceId, syncRunId) : [],
    applies ? deps.connections.listTokens(workspaceId) : [],
    applies ? deps.runs.claimApply(workspaceId, run.assetTypes, run.startedAt) : ([] as AssetType[]),
    applies ? deps.assets.loadAll(workspaceId, run.assetTypes) : [],
  ]);
  // Disconnected while the last task ran: nothing is applied, nobody is notified.
  if (!isCurrentGeneration(connection, run.generation)) {
    await abandonRun(deps, workspaceId, syncRunId);
    return (await deps.runs.get(workspaceId, syncRunId)) ?? run;
  }
  let counts = { ...ZERO_COUNTS };
  let cleanup: 'done' | 'skipped' = 'skipped';
  // A run of which nothing succeeded leaves the inventory as it was.
  if (applies) {
    cleanup = cleanupDecision(status, types.length === run.assetTypes.length);
    const invalid = new Set([
      ...results.flatMap((result) => result.invalidTokenIds),
      ...tokenRefs.filter((ref) => ref.status !== 'active').map((ref) => ref.tokenId),
    ]);
    const changes = reconcileInventory(
      stored.filter((asset) => types.includes(asset.type)),
      mergeObservations(observations, { types, excludeTokenIds: invalid }),
      {
        workspaceId,
        runId: syncRunId,
        now: new Date(deps.now()).toISOString(),
        complete: status === 'succeeded',
        cleanup: cleanup === 'done',
        invalidTokenIds: invalid,
      },
    );
    await deps.assets.putMany(changes.writes);
    counts = changes.counts;
  }
  const now = new Date(deps.now()).toISOString();
  const concluded: SyncRun = {
    ...run,
    status,
    phase: 'done',
    counts,
    cleanup,
    errors: [...run.planErrors, ...results.flatMap((result) => (result.error ? [result.error] : []))],
    finishedAt: now,
    updatedAt: now,
  };
  // Assets an older release kept under one key move to their shards once this run's writes are
  // in (a shard's copy is kept over the old one), beside the run's record: off its critical path.
  const [recorded] = await Promise.all([
    deps.runs.conclude(concluded),
    applies ? moveToShards(deps, workspaceId) : undefined,
  ]);
  if (!recorded) {
    const stored = await deps.runs.get(workspaceId, syncRunId);
    if (stored) await afterConclusion(deps, stored);
    return stored ?? concluded;
  }
  logger.info('sync run concluded', { workspaceId, syncRunId, status, cleanup, ...counts });
  await afterConclusion(deps, concluded);
  return concluded;
}

async function moveToShards(deps: SyncWorkDeps, workspaceId: string): Promise<void> {
  const moved = await deps.assets.moveToShards(workspaceId);
  if (moved > 0) logger.info('assets moved to their shards', { workspaceId, moved });
}

/**
 * Notification, the connection's last sync, the active list and a follow-up owed after this
 * run (a token added while it ran): each safe to repeat.
 */
async function afterConclusion(deps: SyncWorkDeps, run: SyncRun): Promise<void> {
  const finishedAt = run.finishedAt ?? run.updatedAt;
  const content = syncNotificationContent(run);
  await deps.notifications.add({
    // Same id and time on a repeat: the same item, not a second notification.
    id: `sync-${run.syncRunId}`,
    workspaceId: run.workspaceId,
    at: finishedAt,
    ...content,
  });
  await updateConnection(deps.connections, run.workspaceId, (current) => {
    if (!isCurrentGeneration(current, run.generation)) return undefined;
    const previous = current.lastSync?.finishedAt;
    if (previous !== undefined && previous > finishedAt) return undefined;
    if (current.lastSync?.syncRunId === run.syncRunId) return undefined;
    return {
      ...current,
      lastSync: { syncRunId: run.syncRunId, status: run.status, finishedAt },
      updatedAt: new Date(deps.now()).toISOString(),
    };
  });
  await deps.runs.removeActiveRun(run.workspaceId, run.syncRunId);
  await startFollowUpIfDue(deps, run.workspaceId, run.syncRunId);
}

/** A run whose connection went away ends as failed, without touching the inventory. */
export async function abandonRun(
  deps: Pick<SyncWorkDeps, 'runs' | 'now'>,
  workspaceId: string,
  syncRunId: string,
): Promise<void> {
  const at = new Date(deps.now()).toISOString();
  const ended = await deps.runs.abandon(
    workspaceId,
    syncRunId,
    { code: 'disconnected', message: 'Meta was disconnected while the sync was running.' },
    at,
  );
  if (ended) logger.info('sync run abandoned: its connection is gone', { workspaceId, syncRunId });
  await deps.runs.removeActiveRun(workspaceId, syncRunId);
}
