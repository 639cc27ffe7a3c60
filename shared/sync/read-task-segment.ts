import type { AssetObservation } from '../domain/asset-record';
import { edgeReadWithNothing, type TokenRefusal } from '../domain/edge-refusal';
import type { SyncTask } from '../domain/sync-plan';
import type { GraphClient } from '../meta/graph-client';
import type { FailedToken } from '../meta/token-failover';
import { readEdge } from './read-edge';
import type { EdgeProgress } from './sync-messages';
import type { TaskTokens } from './task-tokens';

export interface SegmentReading {
  graph: GraphClient;
  task: SyncTask;
  tokens: TaskTokens;
  /**
   * Tokens credited with what another token read on a BM edge: people, who reach what a BM they
   * are listed on holds. A system user may be a regular one: it is credited only with what it read.
   */
  people: ReadonlySet<string>;
  /** Progress of a previous delivery, per edge name. */
  progress: Record<string, EdgeProgress>;
  onTokenFailed: (failed: FailedToken) => Promise<void>;
}

export interface SegmentOutcome {
  /** Everything seen in this delivery, credited to the tokens that read each edge. */
  observations: AssetObservation[];
  /** Where each edge stands now. */
  progress: Record<string, EdgeProgress>;
  /** Why edges stopped early (an edge that failed does not stop the others). */
  errors: unknown[];
  /** BM edges Meta refused to every (system-user) token of the task on permission: read, nothing through them. */
  refusedEdges: string[];
}

/**
 * Reads every edge of a task that is not done yet, all at once: a BM's ad accounts, pages,
 * pixels and catalogs do not wait for each other. Each edge stops on its own error; the
 * caller decides from the errors whether the task is deferred, failed or done. A BM edge
 * refused to every token on permission is done, with nothing seen (see `edgeReadWithNothing`).
 */
export async function readTaskSegment(reading: SegmentReading): Promise<SegmentOutcome> {
  const { task } = reading;
  const node = task.kind === 'business' ? `/${task.businessId}` : '/me';
  const progress: Record<string, EdgeProgress> = { ...reading.progress };
  const seen = new Map<string, AssetObservation[]>();
  const readBy = new Map<string, Set<string>>();
  const refused = new Map<string, Map<string, TokenRefusal>>();
  const errors: unknown[] = [];
  const refusedEdges: string[] = [];
  await Promise.all(
    task.edges
      .filter((read) => !progress[read.edge]?.done)
      .map(async (read) => {
        const found: AssetObservation[] = [];
        const refusedHere = new Map<string, TokenRefusal>();
        const readers = new Set<string>();
        seen.set(read.edge, found);
        readBy.set(read.edge, readers);
        refused.set(read.edge, refusedHere);
        try {
          await readEdge({
            graph: reading.graph,
            node,
            read,
            tokens: reading.tokens,
            // One bucket per BM edge: the edges of a BM are read at once, and a shared bucket would
            // queue them on its optimistic updates. A Meta block still stops each on its first call.
            ...(task.kind === 'business' ? { bucketKey: `business:${task.businessId}:${read.edge}` } : {}),
            ...(progress[read.edge] ? { start: progress[read.edge] } : {}),
            onPage: (observations, edgeProgress, tokenId) => {
              readers.add(tokenId);
              found.push(...observations);
              progress[read.edge] = edgeProgress;
            },
            onTokenFailed: async (failed) => {
              refusedHere.set(failed.id, failed.needsReauth ? 'invalid' : 'permission');
              await reading.onTokenFailed(failed);
            },
          });
        } catch (err: unknown) {
          if (!edgeReadWithNothing(task, refusedHere, reading.people)) {
            errors.push(err);
            return;
          }
          progress[read.edge] = { done: true };
          refusedEdges.push(read.edge);
        }
      }),
  );
  // Credit each edge's sightings to the tokens that can read that edge, invalid ones left out:
  // the one that read it and, on a BM, the people listed on it who were not refused there.
  const working = reading.tokens.workingIds();
  const observations = [...seen].flatMap(([edge, found]) => {
    const tokenIds = working.filter(
      (id) =>
        !refused.get(edge)?.has(id) &&
        (readBy.get(edge)?.has(id) || task.kind === 'token' || reading.people.has(id)),
    );
    return found.map((observation) => ({ ...observation, tokenIds }));
  });
  return { observations, progress, errors, refusedEdges };
}
