import { randomBytes } from 'node:crypto';
import { queues } from '../../infra/manifest';
import { graphClientFromConfig } from '../meta/graph-client-from-config';
import { resourceName } from '../platform/config';
import { metaAppCredentials } from '../platform/meta-app';
import { DynamoAssetStore } from '../store/dynamodb/asset-store';
import { DynamoConnectionStore } from '../store/dynamodb/connection-store';
import { DynamoNotificationStore } from '../store/dynamodb/notification-store';
import { DynamoSyncRunStore } from '../store/dynamodb/sync-run-store';
import { sendJson, sendJsonBatch } from '../store/queue';
import { SecretsManagerTokenVault } from '../store/secrets-manager/token-vault';
import type { SyncQueue, SyncStartDeps, SyncWorkDeps } from './sync-deps';

let startDeps: SyncStartDeps | undefined;
let workDeps: Promise<SyncWorkDeps> | undefined;

/** The `syncTasks` queue of the manifest. */
export function syncTaskQueue(): SyncQueue {
  return {
    send: async (message) => {
      await sendJson(resourceName(queues.syncTasks.envVar), message);
    },
    sendAll: (messages) => sendJsonBatch(resourceName(queues.syncTasks.envVar), messages),
  };
}

/** Starting a run, wired to the real adapters once per container (no Meta needed). */
export function syncStartDepsFromEnv(): SyncStartDeps {
  startDeps ??= {
    connections: new DynamoConnectionStore(),
    runs: new DynamoSyncRunStore(),
    queue: syncTaskQueue(),
    now: Date.now,
    randomSuffix: () => randomBytes(4).toString('hex'),
  };
  return startDeps;
}

/** Planning, reading and concluding, wired to the real adapters once per container. */
export function syncWorkDepsFromEnv(): Promise<SyncWorkDeps> {
  workDeps ??= build().catch((err: unknown) => {
    workDeps = undefined;
    throw err;
  });
  return workDeps;
}

async function build(): Promise<SyncWorkDeps> {
  const app = await metaAppCredentials();
  return {
    ...syncStartDepsFromEnv(),
    vault: new SecretsManagerTokenVault(),
    assets: new DynamoAssetStore(),
    notifications: new DynamoNotificationStore(),
    graph: graphClientFromConfig({ appSecret: app.appSecret }),
  };
}
