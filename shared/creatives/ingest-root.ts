import { usableTokens } from '../connect/workspace-tokens';
import { graphClientFromConfig } from '../meta/graph-client-from-config';
import { metaAppCredentials } from '../platform/meta-app';
import { oncePerContainer } from '../platform/once-per-container';
import { cachedTokenReads } from '../store/cached-token-reads';
import { connectionStore } from '../store/dynamodb/connection-store';
import { uploadStore } from '../store/dynamodb/upload-store';
import { stagedObjects } from '../store/s3/staged-objects';
import { tokenVault } from '../store/secrets-manager/token-vault';
import { GraphMetaMedia } from './graph-meta-media';
import type { IngestDeps } from './ingest-upload';

/**
 * A queue consumer must not sleep on a throttle: past a second the ingest defers the upload
 * through the queue instead (DeferError), so the Lambda is not billed for waiting.
 */
const MAX_INLINE_WAIT_MS = 1000;

/** How long a warm container keeps a token it read (see cachedTokenReads). */
const TOKEN_CACHE_MS = 60_000;

/** The upload ingest's composition root: the only place its handler gets its dependencies from. */
export const ingestDeps: () => Promise<IngestDeps> = oncePerContainer(build);

async function build(): Promise<IngestDeps> {
  const app = await metaAppCredentials();
  const graph = graphClientFromConfig({ appSecret: app.appSecret, maxInlineWaitMs: MAX_INLINE_WAIT_MS });
  const tokenReads = {
    connections: connectionStore(),
    vault: cachedTokenReads(tokenVault(), TOKEN_CACHE_MS),
  };
  return {
    uploads: uploadStore(),
    staged: stagedObjects(),
    media: new GraphMetaMedia(graph),
    tokens: async (workspaceId) =>
      (await usableTokens(tokenReads, workspaceId)).map((t) => ({
        id: t.ref.tokenId,
        accessToken: t.accessToken,
      })),
    now: Date.now,
  };
}
