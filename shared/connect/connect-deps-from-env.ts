import { createHmac, randomUUID } from 'node:crypto';
import { graphClientFromConfig } from '../meta/graph-client-from-config';
import { GraphMetaLoginApi } from '../meta/meta-login-graph';
import { config } from '../platform/config';
import { metaAppCredentials } from '../platform/meta-app';
import { DynamoConnectionStore } from '../store/dynamodb/connection-store';
import { DynamoNotificationStore } from '../store/dynamodb/notification-store';
import { DynamoOAuthStateStore } from '../store/dynamodb/oauth-state-store';
import { DynamoPendingLoginStore } from '../store/dynamodb/pending-login-store';
import { SecretsManagerTokenVault } from '../store/secrets-manager/token-vault';
import { startSyncForNewToken } from '../sync/follow-up-sync';
import { startSyncWith } from '../sync/start-sync';
import { syncStartDeps } from '../sync/sync-root';
import { callbackUrl } from './callback-url';
import type { ConnectDeps } from './connect-deps';

let deps: Promise<ConnectDeps> | undefined;

/** The connect flow wired to the real adapters, once per container. */
export function connectDepsFromEnv(): Promise<ConnectDeps> {
  deps ??= build().catch((err: unknown) => {
    deps = undefined;
    throw err;
  });
  return deps;
}

async function build(): Promise<ConnectDeps> {
  const app = await metaAppCredentials();
  const meta = config('meta');
  return {
    connections: new DynamoConnectionStore(),
    states: new DynamoOAuthStateStore(),
    pendingLogins: new DynamoPendingLoginStore(),
    vault: new SecretsManagerTokenVault(),
    notifications: new DynamoNotificationStore(),
    meta: new GraphMetaLoginApi(graphClientFromConfig({ appSecret: app.appSecret }), app),
    startSync: (input) => startSyncWith(syncStartDeps(), input),
    startSyncForNewToken: (workspaceId) => startSyncForNewToken(syncStartDeps(), workspaceId),
    settings: {
      appId: app.appId,
      // A key of its own, derived so that rotating the app secret also voids pending states.
      stateKey: createHmac('sha256', app.appSecret).update('oauth-state-key').digest('hex'),
      dialogUrl: meta.META_DIALOG_URL,
      graphVersion: meta.META_GRAPH_VERSION,
      dashboardUrl: config('dashboard').DASHBOARD_URL,
      redirectUri: callbackUrl(config('api').API_BASE_URL),
    },
    now: Date.now,
    newId: randomUUID,
  };
}
