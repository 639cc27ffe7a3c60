import { randomBytes } from 'node:crypto';
import { queues } from '../../infra/manifest';
import { graphClientFromConfig } from '../meta/graph-client-from-config';
import { resourceName } from '../platform/config';
import { metaAppCredentials } from '../platform/meta-app';
import { oncePerContainer } from '../platform/once-per-container';
import { assetStore } from '../store/dynamodb/asset-store';
import { connectionStore } from '../store/dynamodb/connection-store';
import { notificationStore } from '../store/dynamodb/notification-store';
import { syncRunStore } from '../store/dynamodb/sync-run-store';
import { sendJson, sendJsonBatch } from '../store/queue';
import { tokenVault } from '../store/token-vault-root';
import type { SyncQueue, SyncStartDeps, SyncWorkDeps } from './sync-deps';

/**
 * The sync area's composition root: the only place its handlers (functions/sync) get their
 * dependencies from, each set built once per container. The read-only GETs take theirs from
 * ./roots/ (one file each), so their bundles carry neither the Graph client nor the queue.
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

/** Planning, reading and concluding; a failed build (Secrets Manager) is retried on the next call. */
export const syncWorkDeps: () => Promise<SyncWorkDeps> = oncePerContainer(buildWorkDeps);

async function buildWorkDeps(): Promise<SyncWorkDeps> {
  const app = await metaAppCredentials();
  return {
    ...syncStartDeps(),
    vault: tokenVault(),
    assets: assetStore(),
    notifications: notificationStore(),
    graph: graphClientFromConfig({ appSecret: app.appSecret }),
  };
}
