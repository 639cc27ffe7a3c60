import { randomBytes } from 'node:crypto';
import { MetaAdObjects } from '../campaigns/meta-ad-objects';
import { graphClientFromConfig } from '../meta/graph-client-from-config';
import { newTimeSortableId } from '../platform/ids';
import { metaAppCredentials } from '../platform/meta-app';
import { oncePerContainer } from '../platform/once-per-container';
import { cachedTokenReads } from '../store/cached-token-reads';
import { assetStore } from '../store/dynamodb/asset-store';
import { auditStore } from '../store/dynamodb/audit-store';
import { connectionStore } from '../store/dynamodb/connection-store';
import { controlsStore } from '../store/dynamodb/controls-store';
import { dailyMetricsStore } from '../store/dynamodb/daily-metrics-store';
import { experimentStore } from '../store/dynamodb/experiment-store';
import { idempotencyStore } from '../store/dynamodb/idempotency-store';
import { managedObjectStore } from '../store/dynamodb/managed-object-store';
import { tokenVault } from '../store/secrets-manager/token-vault';
import type { ExperimentDeps } from './experiment-deps';
import { GraphAdStudies } from './graph-ad-studies';

/** A dashboard request must not sleep on a throttle (as campaign-root.ts): past a second, 429. */
const MAX_INLINE_WAIT_MS = 1000;

/** How long a warm container keeps a token it read (see cachedTokenReads). */
const TOKEN_CACHE_MS = 60_000;

/** The experiment routes' composition root: the only place their handler gets dependencies from. */
export const experimentDeps: () => Promise<ExperimentDeps> = oncePerContainer(async () => {
  const app = await metaAppCredentials();
  const graph = graphClientFromConfig({ appSecret: app.appSecret, maxInlineWaitMs: MAX_INLINE_WAIT_MS });
  return {
    connections: connectionStore(),
    vault: cachedTokenReads(tokenVault(), TOKEN_CACHE_MS),
    assets: assetStore(),
    controls: controlsStore(),
    objects: managedObjectStore(),
    meta: new MetaAdObjects(graph),
    experiments: experimentStore(),
    idempotency: idempotencyStore(),
    studies: new GraphAdStudies(graph),
    metrics: dailyMetricsStore(),
    audit: auditStore(),
    now: Date.now,
    randomBytes: (bytes) => randomBytes(bytes),
    newId: newTimeSortableId,
  };
});
