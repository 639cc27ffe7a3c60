import type { DailyMetricRow, InsightsLevel } from '../domain/daily-metrics';

/** Which rows of one ad account and level, dates inclusive (`YYYY-MM-DD`). */
export interface DailyMetricsRange {
  workspaceId: string;
  adAccountId: string;
  level: InsightsLevel;
  from: string;
  to: string;
}

/** Ids one `list` may filter on: DynamoDB's limit of operands in one `IN`. */
export const MAX_LISTED_ENTITY_IDS = 100;

export interface UpsertTally {
  /** Rows new or changed, written. */
  written: number;
  /** Rows equal to what was stored (`sameMetrics`), not rewritten. */
  unchanged: number;
}

/**
 * `ua_daily_metrics` (table `dailyMetrics`). Rows are keyed by (workspace, ad account, level,
 * entity, date): an upsert overwrites, never adds, and skips a row whose metrics are unchanged.
 */
export interface DailyMetricsStore {
  /** Writes the rows that are new or differ from the stored ones; `updatedAt` is set on those. */
  upsert(rows: readonly DailyMetricRow[], nowIso: string): Promise<UpsertTally>;
  /** Rows of the range, by date then entity id; `cursor` continues a page; at most `MAX_LISTED_ENTITY_IDS` entityIds. */
  list(
    range: DailyMetricsRange,
    page: { limit: number; cursor?: string; entityIds?: readonly string[] },
  ): Promise<{ items: DailyMetricRow[]; nextCursor?: string }>;
  /** Every row of these entities in the range (a chart, a campaign's lifetime, an experiment's cells). */
  rowsOf(range: DailyMetricsRange, entityIds: readonly string[]): Promise<DailyMetricRow[]>;
}
