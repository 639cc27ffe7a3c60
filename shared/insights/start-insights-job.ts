import { type InsightsJob, insightsJobIdOf } from '../domain/insights-job';
import {
  type InsightsPiece,
  type InsightsTrigger,
  planPieces,
  readModeOf,
} from '../domain/insights-pull-plan';
import { logger } from '../platform/observability';
import type { InsightsStartDeps } from './insights-deps';
import type { InsightsPieceMessage } from './pull-messages';

export interface StartInsightsJobInput {
  workspaceId: string;
  adAccountId: string;
  /** The connection generation the job belongs to. */
  generation: number;
  from: string;
  to: string;
  trigger: InsightsTrigger;
  /** A schedule's plan names its job; a refresh gets a new one. */
  jobId?: string;
}

/**
 * Records a job over `[from, to]` with every piece counted, then queues the pieces. A job that
 * exists already (a redelivered plan) has its pieces queued again from its own range: each
 * piece's outcome is recorded once, so a duplicate counts nothing twice.
 * @example const { jobId } = await startInsightsJob(deps, { workspaceId, adAccountId, generation, from, to, trigger: 'manual' });
 */
export async function startInsightsJob(
  deps: InsightsStartDeps,
  input: StartInsightsJobInput,
): Promise<{ jobId: string; created: boolean }> {
  const jobId = input.jobId ?? insightsJobIdOf(deps.randomHex());
  const at = new Date(deps.now()).toISOString();
  const job: InsightsJob = {
    workspaceId: input.workspaceId,
    jobId,
    adAccountId: input.adAccountId,
    from: input.from,
    to: input.to,
    trigger: input.trigger,
    status: 'running',
    generation: input.generation,
    pieces: { total: planPieces(input.from, input.to).length, done: 0, failed: 0 },
    rows: 0,
    written: 0,
    errors: [],
    createdAt: at,
    updatedAt: at,
  };
  const created = await deps.jobs.create(job);
  const stored = created ? job : await deps.jobs.get(input.workspaceId, jobId);
  if (stored?.status !== 'running') return { jobId, created };
  try {
    await deps.queue.sendAll(pieceMessagesOf(stored, planPieces(stored.from, stored.to)));
  } catch (err: unknown) {
    await deps.jobs.abandon(
      input.workspaceId,
      jobId,
      { code: 'not_queued', message: 'The pull could not be queued; try again.' },
      new Date(deps.now()).toISOString(),
    );
    throw err;
  }
  logger.info('insights job started', {
    workspaceId: input.workspaceId,
    jobId,
    adAccountId: input.adAccountId,
    trigger: input.trigger,
    from: stored.from,
    to: stored.to,
    pieces: stored.pieces.total,
    replanned: !created,
  });
  return { jobId, created };
}

/** The queue messages of these pieces of `job`, each read as its length and the trigger say. */
export function pieceMessagesOf(
  job: Pick<InsightsJob, 'workspaceId' | 'jobId' | 'adAccountId' | 'generation' | 'trigger'>,
  pieces: readonly InsightsPiece[],
): InsightsPieceMessage[] {
  return pieces.map((piece) => ({
    kind: 'piece',
    workspaceId: job.workspaceId,
    jobId: job.jobId,
    adAccountId: job.adAccountId,
    generation: job.generation,
    mode: readModeOf(piece, job.trigger),
    piece,
  }));
}
