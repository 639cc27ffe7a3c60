import { ConflictError } from '../platform/errors';
import { logger } from '../platform/observability';
import { startSyncWith } from './start-sync';
import type { SyncStartDeps } from './sync-deps';

/** Workspaces started at once by the periodic job. */
const START_CONCURRENCY = 8;

/**
 * The periodic sync: starts (or joins) a run of every connected workspace. Each start only
 * records a run and queues its planning, so the job stays short however many tenants.
 */
export async function scheduleSyncs(
  deps: SyncStartDeps,
): Promise<{ started: number; joined: number; skipped: number }> {
  const workspaces = await deps.connections.connectedWorkspaces();
  const tally = { started: 0, joined: 0, skipped: 0 };
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < workspaces.length; index = next++) {
      const workspaceId = workspaces[index];
      if (workspaceId === undefined) continue;
      try {
        const { joined } = await startSyncWith(deps, { workspaceId, trigger: 'schedule' });
        tally[joined ? 'joined' : 'started'] += 1;
      } catch (err: unknown) {
        // Disconnected since the scan: nothing to sync.
        if (!(err instanceof ConflictError)) throw err;
        tally.skipped += 1;
        logger.info('periodic sync skipped', { workspaceId, code: err.code });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(START_CONCURRENCY, workspaces.length) }, worker));
  return tally;
}
