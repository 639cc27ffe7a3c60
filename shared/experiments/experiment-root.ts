import { randomBytes } from 'node:crypto';
import { MetaAdObjects } from '../campaigns/meta-ad-objects';
import { cachedWorkspaceTokenReads } from '../connect/workspace-token-reads';
import { nonWaitingGraphClient } from '../meta/graph-client-from-config';
import { newTimeSortableId } from '../platform/ids';
import { oncePerContainer } from '../platform/once-per-container';
import { assetStore } from '../store/dynamodb/asset-store';
import { auditStore } from '../store/dynamodb/audit-store';
import { controlsStore } from '../store/dynamodb/controls-store';
import { dailyMetricsStore } from '../store/dynamodb/daily-metrics-store';
import { experimentStore } from '../store/dynamodb/experiment-store';
import { idempotencyStore } from '../store/dynamodb/idempotency-store';
import { managedObjectStore } from '../store/dynamodb/managed-object-store';
import type { ExperimentDeps } from './experiment-deps';
import { GraphAdStudies } from './graph-ad-studies';

/** The experiment routes' composition root: the only place their handler gets dependencies from. */
export const experimentDeps: () => Promise<ExperimentDeps> = oncePerContainer(async () => {
  const graph = await nonWaitingGraphClient();
  return {
    ...cachedWorkspaceTokenReads(),
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
