import { cachedWorkspaceTokenReads } from '../connect/workspace-token-reads';
import { nonWaitingGraphClient } from '../meta/graph-client-from-config';
import { newTimeSortableId } from '../platform/ids';
import { oncePerContainer } from '../platform/once-per-container';
import { assetStore } from '../store/dynamodb/asset-store';
import { auditStore } from '../store/dynamodb/audit-store';
import { controlsStore } from '../store/dynamodb/controls-store';
import { creativeStore } from '../store/dynamodb/creative-store';
import { briefDepsOf } from './brief-root';
import type { CreativeDeps } from './creative-deps';
import { GraphMetaMedia } from './graph-meta-media';

/** The creative routes' composition root: the only place their handlers get dependencies from. */
export const creativeDeps: () => Promise<CreativeDeps> = oncePerContainer(build);

async function build(): Promise<CreativeDeps> {
  const graph = await nonWaitingGraphClient();
  return {
    ...briefDepsOf(),
    ...cachedWorkspaceTokenReads(),
    assets: assetStore(),
    controls: controlsStore(),
    creatives: creativeStore(),
    media: new GraphMetaMedia(graph),
    audit: auditStore(),
    newId: newTimeSortableId,
  };
}
