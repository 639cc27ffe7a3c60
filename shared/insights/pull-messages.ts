import * as z from 'zod';
import { INSIGHTS_LEVELS } from '../domain/daily-metrics';
import { INSIGHTS_PAGE_LIMIT, type InsightsPiece } from '../domain/insights-pull-plan';

/**
 * What travels on the `insightsPull` queue: a schedule's plan (one per connected workspace's
 * picked ad account; the consumer creates the job) and the pieces of a job, each carrying how
 * far it got so a requeued piece (a report run polled later, a throttle, the Lambda's
 * deadline) continues exactly there.
 */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const adAccountId = z.string().regex(/^act_\d+$/);
const jobId = z.string().regex(/^inj_[0-9a-f]{24}$/);

export const insightsPieceSchema: z.ZodType<InsightsPiece> = z.object({
  pieceId: z.string().min(1),
  level: z.enum(INSIGHTS_LEVELS),
  since: day,
  until: day,
});

/** An async report run of the piece and how its watch stands (see domain/insights-report-run.ts). */
export const reportRunStateSchema = z.object({
  reportRunId: z.string().min(1),
  /** The token that started it reads it too. */
  tokenId: z.string().min(1),
  startedAtMs: z.number().int(),
  fullSinceMs: z.number().int().optional(),
  nextPollSeconds: z.number().int().min(1),
  /** `Job Completed` was seen: its pages are being read. */
  completed: z.boolean(),
});
export type ReportRunState = z.output<typeof reportRunStateSchema>;

export const pieceProgressSchema = z.object({
  /**
   * Rows of the piece's current read, from its first page to `after`: a read that starts
   * again from its first page (a fresh report run, an expired cursor) counts from 0 again.
   */
  rows: z.number().int().min(0),
  /** Rows this piece wrote to ua_daily_metrics (exact: a re-read row is unchanged, not written again). */
  written: z.number().int().min(0),
  /** Meta's cursor of the next page to read. */
  after: z.string().min(1).optional(),
  /** Rows asked per page: halved when Meta asks for less data, from the same cursor. */
  limit: z.number().int().min(1).max(INSIGHTS_PAGE_LIMIT).default(INSIGHTS_PAGE_LIMIT),
  /** Times the read started again from its first page after Meta refused its cursor (#2642). */
  cursorRestarts: z.number().int().min(0).default(0),
  report: reportRunStateSchema.optional(),
  /** Attempts used against Meta failing (throttle waits do not count). */
  attempt: z.number().int().min(0),
  /** Fresh report runs of this single day after failed ones. */
  freshRuns: z.number().int().min(0),
});
export type PieceProgress = z.output<typeof pieceProgressSchema>;

export const planMessageSchema = z.object({
  kind: z.literal('plan'),
  workspaceId: z.string().min(1),
  adAccountId,
  /** Chosen by the schedule, so a redelivered plan finds its job instead of making another. */
  jobId,
  trigger: z.enum(['hourly', 'daily']),
});

export const pieceMessageSchema = z.object({
  kind: z.literal('piece'),
  workspaceId: z.string().min(1),
  jobId,
  adAccountId,
  generation: z.number().int().min(0),
  mode: z.enum(['sync', 'async']),
  piece: insightsPieceSchema,
  progress: pieceProgressSchema.optional(),
});

/** Every message of the `insightsPull` queue. */
export const insightsPullMessageSchema = z.discriminatedUnion('kind', [
  planMessageSchema,
  pieceMessageSchema,
]);

export type InsightsPlanMessage = z.output<typeof planMessageSchema>;
export type InsightsPieceMessage = z.output<typeof pieceMessageSchema>;
export type InsightsPullMessage = z.output<typeof insightsPullMessageSchema>;

/** Where a piece starts. */
export const FRESH_PROGRESS: PieceProgress = {
  rows: 0,
  written: 0,
  limit: INSIGHTS_PAGE_LIMIT,
  cursorRestarts: 0,
  attempt: 0,
  freshRuns: 0,
};
