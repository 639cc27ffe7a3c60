/**
 * A day of one campaign, ad set or ad as `ua_daily_metrics` keeps it (DESIGN §5 "Insights
 * row", §6): keyed by (workspace, ad account, level, entity, date), dates in the ad account's
 * time zone. Money stays Meta's decimal string in major units (`"12.34"`), never a float;
 * counts are numbers. A re-pull overwrites a row, never adds to it.
 */

export const INSIGHTS_LEVELS = ['campaign', 'adset', 'ad'] as const;
export type InsightsLevel = (typeof INSIGHTS_LEVELS)[number];

/** What Meta measured for one entity on one day (the comparable part of a row). */
export interface DailyMetrics {
  /** Major units, Meta's decimal string (`"12.34"`). */
  spend: string;
  impressions: number;
  clicks: number;
  /** Purchases under the ad set's own attribution setting (as Ads Manager shows them). */
  conversions: number;
  /** Major units, Meta's decimal string. */
  conversionValue: string;
  /** ISO 4217, the ad account's. */
  currency: string;
}

export interface DailyMetricRow extends DailyMetrics {
  workspaceId: string;
  /** `act_…` */
  adAccountId: string;
  level: InsightsLevel;
  /** Meta's id of the campaign, ad set or ad. */
  entityId: string;
  /** `YYYY-MM-DD` in the ad account's time zone. */
  date: string;
  /** The campaign the entity belongs to (the entity itself at campaign level). */
  campaignId: string;
  /** The ad set (ad set and ad levels). */
  adSetId?: string;
  /** Meta's name of the entity when the pull read it. */
  entityName?: string;
  /** ISO-8601: when this row last changed here. */
  updatedAt: string;
}

/** The fields a re-pull compares: a row whose metrics are all equal is not rewritten. */
export const METRIC_FIELDS = [
  'spend',
  'impressions',
  'clicks',
  'conversions',
  'conversionValue',
  'currency',
] as const satisfies readonly (keyof DailyMetrics)[];

/** Whether two readings of the same entity-day say the same (a re-pull with nothing restated). */
export function sameMetrics(a: DailyMetrics, b: DailyMetrics): boolean {
  return METRIC_FIELDS.every((field) => a[field] === b[field]);
}

/** The identity of a row: unique per workspace. */
export function dailyMetricKey(
  row: Pick<DailyMetricRow, 'adAccountId' | 'level' | 'entityId' | 'date'>,
): string {
  return `${row.adAccountId}|${row.level}|${row.entityId}|${row.date}`;
}
