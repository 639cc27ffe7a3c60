import { graphClientFromConfig } from '../meta/graph-client-from-config';
import { metaAppCredentials } from '../platform/meta-app';
import { oncePerContainer } from '../platform/once-per-container';
import { tokenVault } from '../store/container-token-vault';
import { assetStore } from '../store/dynamodb/asset-store';
import { notificationStore } from '../store/dynamodb/notification-store';
import type { SyncWorkDeps } from './sync-deps';
import { syncStartDeps } from './sync-root';

/**
 * The sync task consumer's root: starting runs (sync-root.ts) plus Meta, the assets and the
 * token vault, for planning, reading and concluding; a failed build (Secrets Manager) is
 * retried on the next call.
 */
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
