import * as z from 'zod';
import { INSIGHTS_LEVELS } from '../domain/daily-metrics';
import type { InsightsPiece } from '../domain/insights-pull-plan';

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
  /** Rows read and written by this piece's earlier deliveries. */
  rows: z.number().int().min(0),
  written: z.number().int().min(0),
  /** Meta's cursor of the next page to read. */
  after: z.string().min(1).optional(),
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
export const FRESH_PROGRESS: PieceProgress = { rows: 0, written: 0, attempt: 0, freshRuns: 0 };
