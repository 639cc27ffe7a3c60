import { usableTokenCandidates } from '../connect/workspace-token-reads';
import { nonWaitingGraphClient } from '../meta/graph-client-from-config';
import { oncePerContainer } from '../platform/once-per-container';
import { uploadStore } from '../store/dynamodb/upload-store';
import { stagedObjects } from '../store/s3/staged-objects';
import { GraphMetaMedia } from './graph-meta-media';
import type { IngestDeps } from './ingest-upload';

/** The upload ingest's composition root: the only place its handler gets its dependencies from. */
export const ingestDeps: () => Promise<IngestDeps> = oncePerContainer(build);

async function build(): Promise<IngestDeps> {
  const graph = await nonWaitingGraphClient();
  return {
    uploads: uploadStore(),
    staged: stagedObjects(),
    media: new GraphMetaMedia(graph),
    tokens: usableTokenCandidates(),
    now: Date.now,
  };
}
