import type { PieceError } from './insights-piece-failure';
import type { InsightsTrigger } from './insights-pull-plan';

/**
 * A pull of one ad account's Insights over a range at all three levels (a refresh, or one run
 * of a schedule), fanned out into pieces and fanned back in by counters, as sync runs are.
 */
export type InsightsJobStatus = 'running' | 'succeeded' | 'failed';

export interface InsightsJobPieces {
  /** Planned, plus one per split (a split piece is replaced by its two halves). */
  total: number;
  done: number;
  failed: number;
}

export interface InsightsJob {
  workspaceId: string;
  /** `inj_` + 24 hex. */
  jobId: string;
  /** `act_…` */
  adAccountId: string;
  from: string;
  to: string;
  trigger: InsightsTrigger;
  status: InsightsJobStatus;
  /** The connection generation the job belongs to: pieces of an older one do nothing. */
  generation: number;
  pieces: InsightsJobPieces;
  /**
   * Rows of Meta's answer for the settled pieces, each counted once: a split piece counts
   * none (its halves count them), a read started again from its first page counts its rows
   * once. Off only when Meta's answer changes while a piece pages through it.
   */
  rows: number;
  /** Rows new or changed in ua_daily_metrics (exact: a re-read unchanged row is not written). */
  written: number;
  errors: PieceError[];
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

/** How one piece ended, recorded once: a redelivered piece finds it and counts nothing again. */
export interface PieceOutcome {
  pieceId: string;
  result: 'done' | 'failed' | 'split';
  rows: number;
  written: number;
  error?: PieceError;
}

const JOB_ID = /^inj_[0-9a-f]{24}$/;

/** A job id from 12 random bytes written as hex. */
export function insightsJobIdOf(hex: string): string {
  const id = `inj_${hex}`;
  if (!JOB_ID.test(id)) throw new RangeError('an Insights job id takes 24 lowercase hex digits');
  return id;
}

/**
 * Pieces not settled yet. A split replaces one piece by two (the total grows by one), so a job
 * is over when done + failed reaches the total.
 */
export function openPieces(pieces: InsightsJobPieces): number {
  return pieces.total - pieces.done - pieces.failed;
}

/** How a job whose every piece is settled ends: any failed piece fails it (its numbers are incomplete). */
export function settledStatus(
  pieces: Pick<InsightsJobPieces, 'failed'>,
): Exclude<InsightsJobStatus, 'running'> {
  return pieces.failed > 0 ? 'failed' : 'succeeded';
}
