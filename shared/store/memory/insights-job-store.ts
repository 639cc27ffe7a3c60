import { type InsightsJob, openPieces, type PieceOutcome, settledStatus } from '../../domain/insights-job';
import type { PieceError } from '../../domain/insights-piece-failure';
import type { InsightsJobStore } from '../insights-job-store';

/** Insights jobs in this process's memory, with the DynamoDB store's once-only rules, for unit tests. */
export class InMemoryInsightsJobStore implements InsightsJobStore {
  private readonly jobs = new Map<string, InsightsJob>();
  private readonly outcomes = new Map<string, PieceOutcome>();

  async create(job: InsightsJob): Promise<boolean> {
    const key = jobKey(job.workspaceId, job.jobId);
    if (this.jobs.has(key)) return false;
    this.jobs.set(key, structuredClone(job));
    return true;
  }

  async get(workspaceId: string, jobId: string): Promise<InsightsJob | undefined> {
    const job = this.jobs.get(jobKey(workspaceId, jobId));
    return job ? structuredClone(job) : undefined;
  }

  async pieceState(
    workspaceId: string,
    jobId: string,
    pieceId: string,
  ): Promise<{ job?: InsightsJob; outcome?: PieceOutcome }> {
    const job = await this.get(workspaceId, jobId);
    const outcome = this.outcomes.get(outcomeKey(workspaceId, jobId, pieceId));
    return { ...(job ? { job } : {}), ...(outcome ? { outcome: structuredClone(outcome) } : {}) };
  }

  async recordPiece(
    workspaceId: string,
    jobId: string,
    outcome: PieceOutcome,
    nowIso: string,
  ): Promise<boolean> {
    const job = this.jobs.get(jobKey(workspaceId, jobId));
    const key = outcomeKey(workspaceId, jobId, outcome.pieceId);
    if (job?.status !== 'running' || this.outcomes.has(key)) return false;
    this.outcomes.set(key, structuredClone(outcome));
    const pieces = { ...job.pieces };
    if (outcome.result === 'done') pieces.done += 1;
    if (outcome.result === 'failed') pieces.failed += 1;
    if (outcome.result === 'split') pieces.total += 1;
    this.jobs.set(jobKey(workspaceId, jobId), {
      ...job,
      pieces,
      rows: job.rows + outcome.rows,
      written: job.written + outcome.written,
      errors: outcome.error ? [...job.errors, outcome.error] : job.errors,
      updatedAt: nowIso,
    });
    return true;
  }

  async finishIfSettled(
    workspaceId: string,
    jobId: string,
    nowIso: string,
  ): Promise<InsightsJob | undefined> {
    const job = this.jobs.get(jobKey(workspaceId, jobId));
    if (job?.status !== 'running' || openPieces(job.pieces) > 0) return undefined;
    const finished: InsightsJob = {
      ...job,
      status: settledStatus(job.pieces),
      finishedAt: nowIso,
      updatedAt: nowIso,
    };
    this.jobs.set(jobKey(workspaceId, jobId), finished);
    return structuredClone(finished);
  }

  async abandon(workspaceId: string, jobId: string, error: PieceError, nowIso: string): Promise<boolean> {
    const job = this.jobs.get(jobKey(workspaceId, jobId));
    if (job?.status !== 'running') return false;
    this.jobs.set(jobKey(workspaceId, jobId), {
      ...job,
      status: 'failed',
      errors: [...job.errors, error],
      finishedAt: nowIso,
      updatedAt: nowIso,
    });
    return true;
  }
}

function jobKey(workspaceId: string, jobId: string): string {
  return `${workspaceId}#${jobId}`;
}

function outcomeKey(workspaceId: string, jobId: string, pieceId: string): string {
  return `${workspaceId}#${jobId}#${pieceId}`;
}
