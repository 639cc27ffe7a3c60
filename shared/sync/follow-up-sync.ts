import { followUpAfter, satisfiesFollowUp } from '../domain/follow-up-sync';
import { logger } from '../platform/observability';
import { recordPendingSync, settlePendingSync } from './pending-sync';
import { type StartedSyncRun, startSyncWith } from './start-sync';
import type { SyncStartDeps } from './sync-deps';

/** Runs that may end between a follow-up's moves before the next finisher is left to start it. */
const MAX_FOLLOW_UP_HOPS = 3;

/**
 * A token was just added: sync so its assets appear. With no run going, one starts and lists
 * the new token. A run already going may have listed the tokens before it, so joining it is not
 * enough: a follow-up is recorded on the connection (`nextSync`, shown by
 * `GET /integrations/meta`) and started when that run ends.
 * @example const { syncRunId, joined } = await startSyncForNewToken(deps, workspaceId);
 */
export async function startSyncForNewToken(
  deps: SyncStartDeps,
  workspaceId: string,
): Promise<StartedSyncRun> {
  const requestedAt = new Date(deps.now()).toISOString();
  const started = await startSyncWith(deps, { workspaceId, trigger: 'manual' });
  if (!started.joined) return started;
  await recordPendingSync(deps, workspaceId, {
    reason: 'token_added',
    after: started.syncRunId,
    requestedAt,
  });
  // The run may have ended while the follow-up was written, its finisher having found none.
  await startFollowUpIfDue(deps, workspaceId, started.syncRunId);
  return started;
}

/**
 * Run `concludedRunId` is over: starts the follow-up that waits on it, once the run is off the
 * active list (the finisher calls this after taking it off; the token's adder too, in case the
 * run ended first). Either may get here: the second joins the run the first started, which
 * already satisfies the follow-up. Joining an older run moves the follow-up behind that one.
 */
export async function startFollowUpIfDue(
  deps: SyncStartDeps,
  workspaceId: string,
  concludedRunId: string,
  hops = 0,
): Promise<void> {
  const [connection, { runs }] = await Promise.all([
    deps.connections.get(workspaceId),
    deps.runs.activeRuns(workspaceId),
  ]);
  const pending = connection.nextSync;
  if (!pending || connection.status === 'disconnected') return;
  if (followUpAfter(pending, concludedRunId, runs) !== 'start') return;
  // A run that starts settles the follow-up itself (see startSyncWith).
  const started = await startSyncWith(deps, { workspaceId, trigger: 'manual' });
  logger.info('follow-up sync after an added token', { workspaceId, after: concludedRunId, ...started });
  if (!started.joined) return;
  const owed = (stored: typeof pending) => stored.after === concludedRunId;
  if (satisfiesFollowUp(pending, started)) {
    await settlePendingSync(deps, workspaceId, owed);
    return;
  }
  await settlePendingSync(deps, workspaceId, owed, { ...pending, after: started.syncRunId });
  // The joined run may have ended before the follow-up moved behind it, its finisher finding
  // nothing owed: look once more, a few hops at most (each hop is a run that ended meanwhile).
  if (hops < MAX_FOLLOW_UP_HOPS) await startFollowUpIfDue(deps, workspaceId, started.syncRunId, hops + 1);
}
