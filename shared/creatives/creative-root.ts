import { randomBytes } from 'node:crypto';
import { graphClientFromConfig } from '../meta/graph-client-from-config';
import { newTimeSortableId } from '../platform/ids';
import { metaAppCredentials } from '../platform/meta-app';
import { oncePerContainer } from '../platform/once-per-container';
import { cachedTokenReads } from '../store/cached-token-reads';
import { assetStore } from '../store/dynamodb/asset-store';
import { auditStore } from '../store/dynamodb/audit-store';
import { briefStore } from '../store/dynamodb/brief-store';
import { connectionStore } from '../store/dynamodb/connection-store';
import { controlsStore } from '../store/dynamodb/controls-store';
import { creativeStore } from '../store/dynamodb/creative-store';
import { idempotencyStore } from '../store/dynamodb/idempotency-store';
import { uploadStore } from '../store/dynamodb/upload-store';
import { tokenVault } from '../store/secrets-manager/token-vault';
import type { BriefDeps, CreativeDeps } from './creative-deps';
import { GraphMetaMedia } from './graph-meta-media';

/** A dashboard request must not sleep on a throttle (as campaign-root.ts): past a second, 429. */
const MAX_INLINE_WAIT_MS = 1000;

/** How long a warm container keeps a token it read (see cachedTokenReads). */
const TOKEN_CACHE_MS = 60_000;

/** The creative routes' composition root: the only place their handlers get dependencies from. */
export const creativeDeps: () => Promise<CreativeDeps> = oncePerContainer(build);

async function build(): Promise<CreativeDeps> {
  const app = await metaAppCredentials();
  const graph = graphClientFromConfig({ appSecret: app.appSecret, maxInlineWaitMs: MAX_INLINE_WAIT_MS });
  return {
    ...briefDepsOf(),
    connections: connectionStore(),
    vault: cachedTokenReads(tokenVault(), TOKEN_CACHE_MS),
    assets: assetStore(),
    controls: controlsStore(),
    creatives: creativeStore(),
    media: new GraphMetaMedia(graph),
    audit: auditStore(),
    newId: newTimeSortableId,
  };
}

/** The brief routes' root: stores only (no Meta app secret read at their cold start). */
export const briefDeps: () => Promise<BriefDeps> = oncePerContainer(async () => briefDepsOf());

function briefDepsOf(): BriefDeps {
  return {
    uploads: uploadStore(),
    briefs: briefStore(),
    idempotency: idempotencyStore(),
    now: Date.now,
    randomBytes: (bytes) => randomBytes(bytes),
  };
}
