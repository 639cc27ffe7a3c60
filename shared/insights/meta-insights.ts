import type { InsightsLevel } from '../domain/daily-metrics';

/**
 * The Meta side of Insights (META-API.md "Insights"), behind one port so the pull is tested
 * with a fake; the adapter (`graph-meta-insights.ts`) sends it through THE Graph client, in
 * the ad account's `ads_insights` bucket (an Insights throttle never blocks campaign edits).
 *
 * Every read asks for `level`, `time_increment=1`, `time_range {since, until}`,
 * `use_unified_attribution_setting=true` (each ad set under its own attribution, as Ads
 * Manager shows it) and a `filtering` on `<level>.effective_status` that includes ARCHIVED and
 * DELETED objects (Meta's default hides them).
 */

export interface InsightsCall {
  accessToken: string;
  /** Our id of the token (names its rate-limit bucket), never the token. */
  tokenId: string;
  /** `act_…` */
  adAccountId: string;
  signal?: AbortSignal;
}

export interface InsightsQuery {
  level: InsightsLevel;
  /** `YYYY-MM-DD`, inclusive, in the ad account's time zone. */
  since: string;
  until: string;
}

/** One row Meta answered, already projected: purchases and purchase value picked from `actions`. */
export interface MetaInsightRow {
  level: InsightsLevel;
  entityId: string;
  entityName?: string;
  campaignId: string;
  adSetId?: string;
  /** `date_start` (= `date_stop` with `time_increment=1`). */
  date: string;
  /** Major units, Meta's decimal string. */
  spend: string;
  impressions: number;
  clicks: number;
  conversions: number;
  conversionValue: string;
  currency: string;
}

export interface InsightsPage {
  rows: MetaInsightRow[];
  /** Meta's `after` cursor of the next page; absent on the last. */
  after?: string;
}

/** How an async report run stands (`GET /{report_run_id}`). Only `Job Completed` is done. */
export type ReportRunStatus =
  | { state: 'running'; percent: number }
  | { state: 'completed' }
  /** `Job Failed` or `Job Skipped`: split the range and try again. */
  | { state: 'failed'; reason: string };

export interface MetaInsights {
  /** `GET /act_{id}/insights` synchronously, one page of `limit` rows. */
  readPage(
    call: InsightsCall,
    query: InsightsQuery,
    page: { limit: number; after?: string },
  ): Promise<InsightsPage>;
  /** `POST /act_{id}/insights` → `report_run_id`. */
  startReport(call: InsightsCall, query: InsightsQuery): Promise<{ reportRunId: string }>;
  /** `GET /{report_run_id}?fields=async_status,async_percent_completion`. */
  reportStatus(call: InsightsCall, reportRunId: string): Promise<ReportRunStatus>;
  /** `GET /{report_run_id}/insights`, one page. */
  readReportPage(
    call: InsightsCall,
    reportRunId: string,
    page: { limit: number; after?: string },
  ): Promise<InsightsPage>;
}
