import type { InsightsJob, PieceOutcome } from '../domain/insights-job';
import type { PieceError } from '../domain/insights-piece-failure';

/**
 * Insights jobs (app table, `WS#<ws>` / `INSIGHTS_JOB#<id>`, kept ~30 days) and their pieces'
 * outcomes. Counters move atomically with the outcome that moves them; exactly one caller
 * finishes a job. Reads are scoped by workspace: another workspace's id reads undefined.
 */
export interface InsightsJobStore {
  /** Creates the job; false when a job of that id exists (a redelivered plan). */
  create(job: InsightsJob): Promise<boolean>;
  get(workspaceId: string, jobId: string): Promise<InsightsJob | undefined>;
  /** The job and this piece's outcome (when recorded), in one round trip. */
  pieceState(
    workspaceId: string,
    jobId: string,
    pieceId: string,
  ): Promise<{ job?: InsightsJob; outcome?: PieceOutcome }>;
  /**
   * Records the piece's outcome and counts it in the job (done / failed, rows, written,
   * its error; a split adds one to the total), atomically and once, while the job runs: false
   * when it was recorded before or the job is over.
   */
  recordPiece(workspaceId: string, jobId: string, outcome: PieceOutcome, nowIso: string): Promise<boolean>;
  /**
   * Ends a running job whose every piece is settled — `failed` when a piece failed, else
   * `succeeded` — and returns it; undefined when pieces are open or someone else ended it.
   */
  finishIfSettled(workspaceId: string, jobId: string, nowIso: string): Promise<InsightsJob | undefined>;
  /** Ends a running job as failed without its pieces (its connection went away, it was never queued). */
  abandon(workspaceId: string, jobId: string, error: PieceError, nowIso: string): Promise<boolean>;
}

/** Jobs and their outcomes stay readable this long. */
export const INSIGHTS_JOB_TTL_SECONDS = 30 * 24 * 3600;
