import { addDays, daysBetweenInclusive, monthsBefore } from './account-days';
import { INSIGHTS_LEVELS, type InsightsLevel } from './daily-metrics';

/**
 * What an Insights pull reads (issue 16): every level over the job's days, cut into pieces
 * Meta answers reliably. Pure planning; the consumer (shared/insights/run-insights-piece.ts)
 * reads them.
 */

/** Who asked: a user's refresh, or one of the two schedules. */
export type InsightsTrigger = 'manual' | 'hourly' | 'daily';
export type ScheduledInsightsTrigger = Exclude<InsightsTrigger, 'manual'>;

/** One level over one date range (inclusive, in the ad account's time zone). */
export interface InsightsPiece {
  /** Unique in its job: halves of a piece never cover the same range as another piece. */
  pieceId: string;
  level: InsightsLevel;
  since: string;
  until: string;
}

/** `sync`: `GET /act_{id}/insights` page by page; `async`: a report run, polled, then read. */
export type InsightsReadMode = 'sync' | 'async';

/** Longest range one piece asks for: a month of daily rows is what async runs finish reliably. */
export const MAX_PIECE_DAYS = 31;
/** Up to a week reads synchronously: a report run's start and polls cost more than its pages. */
export const MAX_SYNC_DAYS = 7;
/** The largest page Meta serves: calls count against the bucket, rows do not. */
export const INSIGHTS_PAGE_LIMIT = 5000;
/** The daily schedule re-reads this many days (today included): conversions are restated for 28 days. */
export const DAILY_LOOKBACK_DAYS = 28;
/** Meta keeps Insights for 37 months. */
export const INSIGHTS_HORIZON_MONTHS = 37;

/** The id of a piece: its level and range. */
export function pieceIdOf(level: InsightsLevel, since: string, until: string): string {
  return `${level}_${since}_${until}`;
}

/** The days a schedule pulls, `today` being the ad account's today. */
export function scheduledRange(
  trigger: ScheduledInsightsTrigger,
  today: string,
): { from: string; to: string } {
  if (trigger === 'hourly') return { from: addDays(today, -1), to: today };
  return { from: addDays(today, -(DAILY_LOOKBACK_DAYS - 1)), to: today };
}

/** The oldest day Meta still answers for when the ad account's today is `today`. */
export function oldestInsightsDay(today: string): string {
  return monthsBefore(today, INSIGHTS_HORIZON_MONTHS);
}

/** `[from, to]` cut from the start into ranges of at most `MAX_PIECE_DAYS`. */
export function pieceRanges(from: string, to: string): [string, string][] {
  const ranges: [string, string][] = [];
  for (let since = from; daysBetweenInclusive(since, to) > 0; since = addDays(since, MAX_PIECE_DAYS)) {
    const last = addDays(since, MAX_PIECE_DAYS - 1);
    ranges.push([since, daysBetweenInclusive(last, to) > 0 ? last : to]);
  }
  return ranges;
}

/** Every piece of a job over `[from, to]`: each level, each range. */
export function planPieces(from: string, to: string): InsightsPiece[] {
  const ranges = pieceRanges(from, to);
  return INSIGHTS_LEVELS.flatMap((level) =>
    ranges.map(([since, until]) => ({ pieceId: pieceIdOf(level, since, until), level, since, until })),
  );
}

/**
 * How a piece is read: the hourly pull (today and yesterday, every hour) and any range of a
 * week or less synchronously with the largest pages; longer ones as async report runs.
 */
export function readModeOf(
  piece: Pick<InsightsPiece, 'since' | 'until'>,
  trigger: InsightsTrigger,
): InsightsReadMode {
  if (trigger === 'hourly') return 'sync';
  return daysBetweenInclusive(piece.since, piece.until) <= MAX_SYNC_DAYS ? 'sync' : 'async';
}
