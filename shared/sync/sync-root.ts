import { randomBytes } from 'node:crypto';
import { queues } from '../../infra/resources';
import { resourceName } from '../platform/config';
import { connectionStore } from '../store/dynamodb/connection-store';
import { syncRunStore } from '../store/dynamodb/sync-run-store';
import { sendJson, sendJsonBatch } from '../store/queue';
import type { SyncQueue, SyncStartDeps } from './sync-deps';

/**
 * The sync area's composition root for starting runs (start-sync, the schedule, connect),
 * built once per container; the task consumer adds Meta and the token vault in
 * sync-work-root.ts, so the functions that only start a run carry neither. The read-only
 * GETs take theirs from ./roots/ (one file each).
 */

let startDeps: SyncStartDeps | undefined;

/** The `syncTasks` queue of the manifest. */
function syncTaskQueue(): SyncQueue {
  return {
    send: async (message) => {
      await sendJson(resourceName(queues.syncTasks.envVar), message);
    },
    sendAll: (messages) => sendJsonBatch(resourceName(queues.syncTasks.envVar), messages),
  };
}

/** Starting a run (no Meta needed). Also what connect uses to start a sync. */
export function syncStartDeps(): SyncStartDeps {
  startDeps ??= {
    connections: connectionStore(),
    runs: syncRunStore(),
    queue: syncTaskQueue(),
    now: Date.now,
    randomSuffix: () => randomBytes(4).toString('hex'),
  };
  return startDeps;
}
