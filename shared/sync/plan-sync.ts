import * as z from 'zod';
import { type PlanToken, planSyncTasks, type SyncTask } from '../domain/sync-plan';
import type { SyncError } from '../domain/sync-run';
import { decideTaskFailure } from '../domain/sync-task-failure';
import { MetaPermissionError, MetaTokenInvalidError } from '../platform/errors';
import { logger } from '../platform/observability';
import { DeferError } from '../platform/queue';
import { abandonRun, finishIfLast, isCurrentGeneration } from './conclude-sync';
import { invalidateToken } from './invalidate-token';
import type { SyncWorkDeps } from './sync-deps';
import type { PlanMessage } from './sync-messages';
import { type SyncToken, syncTokens } from './sync-tokens';

const businessItem = z.object({ id: z.string() });

type Listing =
  | { kind: 'listed'; businessIds: string[] }
  | { kind: 'error'; error: SyncError }
  | { kind: 'defer'; delaySeconds: number; nextAttempt: number };

/**
 * The fan-out: lists the Business Managers of every user token (in parallel), plans one task
 * per BM and one per token, stores the plan with the task total, then queues every task. A
 * token that cannot list its BMs makes the run partial; a throttle or outage requeues the
 * planner. A redelivered planner re-queues the stored plan (results are recorded once).
 */
export async function planSync(deps: SyncWorkDeps, message: PlanMessage): Promise<void> {
  const { workspaceId, syncRunId, generation } = message;
  const [connection, run, tokens] = await Promise.all([
    deps.connections.get(workspaceId),
    deps.runs.get(workspaceId, syncRunId),
    syncTokens(deps, workspaceId, generation),
  ]);
  if (!isCurrentGeneration(connection, generation)) {
    await abandonRun(deps, workspaceId, syncRunId);
    return;
  }
  if (run?.status !== 'running') return;

  let tasks: SyncTask[];
  if (run.phase === 'planning') {
    const listings = await Promise.all(tokens.map((token) => listBusinesses(deps, token, message)));
    const deferral = listings.reduce<{ delaySeconds: number; nextAttempt: number } | undefined>(
      (longest, listing) =>
        listing.kind === 'defer' && (!longest || listing.delaySeconds > longest.delaySeconds)
          ? listing
          : longest,
      undefined,
    );
    if (deferral) {
      throw new DeferError(
        deferral.delaySeconds,
        { ...message, attempt: deferral.nextAttempt },
        `planning of ${syncRunId} waits for Meta`,
      );
    }
    const planErrors: SyncError[] = listings.flatMap((listing) =>
      listing.kind === 'error' ? [listing.error] : [],
    );
    const planTokens: PlanToken[] = [];
    const businessesByToken = new Map<string, string[]>();
    tokens.forEach((token, index) => {
      const listing = listings[index];
      if (listing?.kind !== 'listed') return;
      planTokens.push({ tokenId: token.id, kind: token.ref.kind });
      businessesByToken.set(token.id, listing.businessIds);
    });
    if (tokens.length === 0) {
      planErrors.push({ code: 'no_usable_token', message: 'No valid Meta token is left; reconnect Meta.' });
    }
    tasks = await deps.runs.savePlan(
      workspaceId,
      syncRunId,
      planSyncTasks({ types: run.assetTypes, tokens: planTokens, businessesByToken }),
      planErrors,
    );
  } else {
    tasks = (await deps.runs.plan(workspaceId, syncRunId)) ?? [];
  }
  logger.info('sync planned', { workspaceId, syncRunId, tasks: tasks.length });
  await queueTasks(deps, message, tasks);
  if (tasks.length === 0) await finishIfLast(deps, workspaceId, syncRunId, 'planner');
}

async function listBusinesses(deps: SyncWorkDeps, token: SyncToken, message: PlanMessage): Promise<Listing> {
  // System users read their assigned assets; Business Manager edges are for people.
  if (token.ref.kind !== 'user') return { kind: 'listed', businessIds: [] };
  try {
    const businesses = await deps.graph.pageAll('/me/businesses', {
      accessToken: token.accessToken,
      tokenId: token.id,
      fields: ['id'],
      schema: businessItem,
    });
    return { kind: 'listed', businessIds: [...new Set(businesses.map((b) => b.id))] };
  } catch (err: unknown) {
    if (err instanceof MetaPermissionError) {
      // Without business_management the token sees no BM: only its assigned assets count.
      logger.info('token may not list Business Managers', { tokenId: token.id });
      return { kind: 'listed', businessIds: [] };
    }
    if (err instanceof MetaTokenInvalidError) {
      await invalidateToken(deps, message.workspaceId, token.id, message.generation);
    }
    const decision = decideTaskFailure(err, message.attempt);
    if (decision.action === 'redeliver') throw err;
    if (decision.action === 'defer') return { kind: 'defer', ...decision };
    return { kind: 'error', error: { ...decision.error, tokenId: token.id } };
  }
}

async function queueTasks(
  deps: SyncWorkDeps,
  message: PlanMessage,
  tasks: readonly SyncTask[],
): Promise<void> {
  const { workspaceId, syncRunId, generation } = message;
  await deps.queue.sendAll(
    tasks.map((task) => ({ kind: 'task' as const, workspaceId, syncRunId, generation, task })),
  );
}
