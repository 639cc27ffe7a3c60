import { type PlanToken, planSyncTasks, type SyncTask } from '../domain/sync-plan';
import type { SyncError } from '../domain/sync-run';
import { logger } from '../platform/observability';
import { DeferError } from '../platform/queue';
import { abandonRun, finishIfLast, isCurrentGeneration } from './conclude-sync';
import { listBusinesses } from './list-businesses';
import type { SyncWorkDeps } from './sync-deps';
import type { PlanMessage } from './sync-messages';
import { syncTokens } from './sync-tokens';

/**
 * The fan-out: lists the Business Managers of every token, user or system user (in parallel),
 * plans one task per BM (with every token that lists it) and one per token, stores the plan with the task total, then queues every task. A
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
