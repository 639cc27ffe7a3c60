import type { SyncError, SyncTaskResult } from '../domain/sync-run';
import { decideTaskFailure, type TaskFailureDecision } from '../domain/sync-task-failure';
import { errorFields } from '../platform/error-fields';
import { logger } from '../platform/observability';
import { DeferError } from '../platform/queue';
import { abandonRun, finishIfLast, isCurrentGeneration } from './conclude-sync';
import { invalidateToken } from './invalidate-token';
import { readTaskSegment } from './read-task-segment';
import type { SyncWorkDeps } from './sync-deps';
import type { TaskMessage, TaskResume } from './sync-messages';
import { withSecrets } from './sync-tokens';
import { TaskTokens } from './task-tokens';

/**
 * One work unit of a run (a BM, or one token's assigned assets): reads its edges in parallel
 * from where it stopped, stores what it saw, and records its result exactly once; the last
 * task to report concludes the run. Work of an older connection generation, or of a run that
 * is over, does nothing and calls no Meta API.
 */
export async function runSyncTask(deps: SyncWorkDeps, message: TaskMessage): Promise<void> {
  const { workspaceId, syncRunId, task, generation } = message;
  const ids = task.kind === 'business' ? task.tokenIds : [task.tokenId];
  // What the task checks before asking Meta, in two round trips at once: every one is spent
  // before the first page is even asked for.
  const [{ connection, tokens: refs }, { run, result: recorded }] = await Promise.all([
    deps.connections.getWithTokens(workspaceId, ids),
    deps.runs.taskState(workspaceId, syncRunId, task.taskId),
  ]);
  if (!isCurrentGeneration(connection, generation)) {
    await abandonRun(deps, workspaceId, syncRunId);
    return;
  }
  if (run?.status !== 'running') return;
  if (recorded) {
    // A redelivery after the result was recorded: only the fan-in may be left to do.
    await finishIfLast(deps, workspaceId, syncRunId, task.taskId);
    return;
  }
  const usable = await withSecrets(deps, refs, generation, ids);

  const resume: TaskResume = message.resume ?? {
    segment: 0,
    attempt: 0,
    edges: {},
    invalidTokenIds: [],
    observed: 0,
  };
  const tokens = new TaskTokens(usable, resume.invalidTokenIds);
  // Parallel edges meet the same revoked token at once: retire it once.
  const retired = new Set<string>();
  const segment = await readTaskSegment({
    graph: deps.graph,
    task,
    tokens,
    people: new Set(usable.filter((token) => token.ref.kind === 'user').map((token) => token.id)),
    progress: resume.edges,
    onTokenFailed: async (failed) => {
      logger.warn('token failed on a sync task; trying the next one', {
        workspaceId,
        taskId: task.taskId,
        tokenId: failed.id,
        error: errorFields(failed.error),
      });
      if (!failed.needsReauth || retired.has(failed.id)) return;
      retired.add(failed.id);
      await invalidateToken(deps, workspaceId, failed.id, generation);
    },
  });
  if (segment.refusedEdges.length > 0) {
    // Not a failure: these tokens do not reach the edge (a regular system user on a BM).
    logger.info('Meta refused every token of the task on some edges; nothing reached through them', {
      workspaceId,
      taskId: task.taskId,
      edges: segment.refusedEdges,
    });
  }
  const decision = decide(segment.errors, resume.attempt);
  // Not Meta's doing: the queue hands the message out again and it reads from the same point.
  if (decision?.action === 'redeliver') throw decision.cause;
  if (decision?.action === 'defer') {
    // What was read so far is kept; the next delivery reads on from the cursors.
    await deps.runs.putObservations(
      workspaceId,
      syncRunId,
      task.taskId,
      resume.segment,
      segment.observations,
    );
    throw new DeferError(
      decision.delaySeconds,
      {
        ...message,
        resume: {
          segment: resume.segment + 1,
          attempt: decision.nextAttempt,
          edges: segment.progress,
          invalidTokenIds: tokens.invalidIds(),
          observed: resume.observed + segment.observations.length,
        },
      },
      `sync task ${task.taskId} waits ${decision.delaySeconds} s for Meta`,
    );
  }
  const result: SyncTaskResult = {
    taskId: task.taskId,
    status: decision ? 'failed' : 'succeeded',
    observed: resume.observed + segment.observations.length,
    invalidTokenIds: tokens.invalidIds(),
    ...(decision ? { error: located(decision.error, message) } : {}),
  };
  await deps.runs.recordTaskResult(workspaceId, syncRunId, result, {
    segment: resume.segment,
    observations: segment.observations,
  });
  await finishIfLast(deps, workspaceId, syncRunId, task.taskId);
}

type Decision =
  | Exclude<TaskFailureDecision, { action: 'redeliver' }>
  | { action: 'redeliver'; cause: unknown };

/**
 * One decision for all the edges that stopped: a failed edge fails the task, an error that is
 * not Meta's is redelivered, and otherwise the longest wait asked for wins.
 */
function decide(errors: readonly unknown[], attempt: number): Decision | undefined {
  if (errors.length === 0) return undefined;
  const decisions = errors.map((err) => ({ err, decision: decideTaskFailure(err, attempt) }));
  const failed = decisions.find((d) => d.decision.action === 'fail');
  if (failed) return failed.decision as Decision;
  const redeliver = decisions.find((d) => d.decision.action === 'redeliver');
  if (redeliver) return { action: 'redeliver', cause: redeliver.err };
  let longest: Decision | undefined;
  for (const { decision } of decisions) {
    if (decision.action !== 'defer') continue;
    if (!longest || (longest.action === 'defer' && decision.delaySeconds > longest.delaySeconds))
      longest = decision;
  }
  return longest;
}

function located(error: SyncError, message: TaskMessage): SyncError {
  const { task } = message;
  return {
    ...error,
    taskId: task.taskId,
    ...(task.kind === 'business' ? { businessId: task.businessId } : { tokenId: task.tokenId }),
  };
}
