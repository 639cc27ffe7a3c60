import { createHmac, randomUUID } from 'node:crypto';
import { graphClientFromConfig } from '../meta/graph-client-from-config';
import { GraphMetaLoginApi } from '../meta/meta-login-graph';
import { config } from '../platform/config';
import { metaAppCredentials } from '../platform/meta-app';
import { oncePerContainer } from '../platform/once-per-container';
import { connectionStore } from '../store/dynamodb/connection-store';
import { notificationStore } from '../store/dynamodb/notification-store';
import { oauthStateStore } from '../store/dynamodb/oauth-state-store';
import { pendingLoginStore } from '../store/dynamodb/pending-login-store';
import { startSyncForNewToken } from '../sync/follow-up-sync';
import { startSyncWith } from '../sync/start-sync';
import { syncStartDeps } from '../sync/sync-root';
import { callbackUrl } from './callback-url';
import type { ConnectLoginDeps } from './connect-deps';

/**
 * The connect area's login root: what starting Connect and the OAuth callback need, built
 * once per container; a failed build (Secrets Manager) is retried on the next call. No token
 * vault here (see ConnectLoginDeps): connect-root.ts adds it for the other connect handlers.
 * Starting a sync is wired here from the sync root, not inside the connect services.
 */
export const connectLoginDeps: () => Promise<ConnectLoginDeps> = oncePerContainer(build);

async function build(): Promise<ConnectLoginDeps> {
  const app = await metaAppCredentials();
  const meta = config('meta');
  return {
    connections: connectionStore(),
    states: oauthStateStore(),
    pendingLogins: pendingLoginStore(),
    notifications: notificationStore(),
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
