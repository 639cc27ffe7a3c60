import type { AssetObservation } from '../domain/asset-record';
import type { EdgeRead } from '../domain/sync-plan';
import type { GraphClient } from '../meta/graph-client';
import { DEFAULT_PAGE_LIMIT } from '../meta/graph-paging';
import { type FailedToken, type TokenCandidate, withTokenFailover } from '../meta/token-failover';
import {
  type AssetItem,
  assetItem,
  edgeFields,
  morePixelsAfter,
  observationOf,
  PIXEL_EDGE_FIELDS,
  pixelItem,
  pixelObservation,
} from './asset-edge-fields';
import type { EdgeProgress } from './sync-messages';
import type { TaskTokens } from './task-tokens';

export interface EdgeReading {
  graph: GraphClient;
  /** `/{business-id}` or `/me`. */
  node: string;
  read: EdgeRead;
  tokens: TaskTokens;
  /** The rate-limit bucket of the node's calls (ad-account pixel pages use their account's). */
  bucketKey?: string;
  /** Where a previous delivery stopped. */
  start?: EdgeProgress;
  /** Each page's sightings, as soon as it is read, and the token that read it. */
  onPage: (observations: AssetObservation[], progress: EdgeProgress, tokenId: string) => void;
  /** A token Meta refused on this edge; the next one takes over. */
  onTokenFailed: (failed: FailedToken) => Promise<void>;
}

/**
 * Pages one edge to the end with the task's tokens: a token Meta refuses (invalid, or no
 * permission on the BM) is dropped and the next one resumes from the same cursor. Throws
 * what failover cannot fix (throttles, outages, refused requests) with the progress so far
 * already reported through `onPage`.
 */
export async function readEdge(reading: EdgeReading): Promise<void> {
  if (reading.start?.done) return;
  let cursor = reading.start?.cursor;
  const refused = new Set<string>();
  const path = `${reading.node}/${reading.read.edge}`;
  await withTokenFailover(
    reading.tokens.candidates().filter((token) => !refused.has(token.id)),
    async (token) => {
      for await (const page of reading.graph.pages(path, {
        accessToken: token.accessToken,
        tokenId: token.id,
        ...(reading.bucketKey ? { bucketKey: reading.bucketKey } : {}),
        fields: edgeFields(reading.read),
        limit: DEFAULT_PAGE_LIMIT,
        ...(cursor === undefined ? {} : { startCursor: cursor }),
        schema: assetItem,
      })) {
        const observations: AssetObservation[] = [];
        for (const item of page.items) {
          if (reading.read.record) observations.push(observationOf(reading.read, item));
          if (reading.read.pixels) observations.push(...(await pixelsOf(reading, item, token)));
        }
        cursor = page.nextCursor;
        reading.onPage(
          observations,
          cursor === undefined ? { done: true } : { cursor, done: false },
          token.id,
        );
      }
    },
    {
      onTokenFailed: async (failed) => {
        refused.add(failed.id);
        reading.tokens.fail(failed);
        await reading.onTokenFailed(failed);
      },
    },
  );
}

/** The pixels of one ad account: the expanded first page, then the rest of its own edge. */
async function pixelsOf(
  reading: EdgeReading,
  item: AssetItem,
  token: TokenCandidate,
): Promise<AssetObservation[]> {
  const found = (item.adspixels?.data ?? []).map(pixelObservation);
  const after = morePixelsAfter(item);
  if (after === undefined) return found;
  for await (const page of reading.graph.pages(`/${item.id}/adspixels`, {
    accessToken: token.accessToken,
    tokenId: token.id,
    fields: PIXEL_EDGE_FIELDS,
    limit: DEFAULT_PAGE_LIMIT,
    startCursor: after,
    schema: pixelItem,
  })) {
    found.push(...page.items.map(pixelObservation));
  }
  return found;
}
