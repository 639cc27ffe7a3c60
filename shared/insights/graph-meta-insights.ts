import * as z from 'zod';
import type { InsightsLevel } from '../domain/daily-metrics';
import { META_EFFECTIVE_STATUSES } from '../domain/effective-status';
import { adAccountBucketKey } from '../meta/graph-bucket-key';
import type { GraphClient } from '../meta/graph-client';
import { MetaRequestError } from '../platform/errors';
import type {
  InsightsCall,
  InsightsPage,
  InsightsQuery,
  MetaInsightRow,
  MetaInsights,
  ReportRunStatus,
} from './meta-insights';

/** A purchase is reported under several action types; the first present one counts (Ads Manager's "Purchases"). */
export const PURCHASE_ACTION_TYPES = [
  'omni_purchase',
  'purchase',
  'offsite_conversion.fb_pixel_purchase',
] as const;

const ID_FIELDS: Record<InsightsLevel, readonly string[]> = {
  campaign: ['campaign_id', 'campaign_name'],
  adset: ['campaign_id', 'adset_id', 'adset_name'],
  ad: ['campaign_id', 'adset_id', 'ad_id', 'ad_name'],
};
const METRIC_FIELDS = [
  'date_start',
  'date_stop',
  'spend',
  'impressions',
  'clicks',
  'actions',
  'action_values',
  'account_currency',
];

/** The fields of an Insights read at `level`. */
export function insightsFields(level: InsightsLevel): string[] {
  return [...ID_FIELDS[level], ...METRIC_FIELDS];
}

/** Meta writes counts as digit strings (a number now and then). */
const count = z.union([z.number().int().min(0), z.string().regex(/^\d+$/).transform(Number)]);
/** Money as Meta's decimal string of major units, kept as written ("12.34", "0", "1234"). */
const decimal = z.union([z.string().regex(/^\d+(\.\d+)?$/), z.number().transform((n) => String(n))]);
const action = z.object({ action_type: z.string(), value: decimal }).loose();

export const insightsRowSchema = z
  .object({
    campaign_id: z.string().min(1),
    campaign_name: z.string().optional(),
    adset_id: z.string().min(1).optional(),
    adset_name: z.string().optional(),
    ad_id: z.string().min(1).optional(),
    ad_name: z.string().optional(),
    date_start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    date_stop: z.string().optional(),
    spend: decimal.default('0'),
    impressions: count.default(0),
    clicks: count.default(0),
    actions: z.array(action).optional(),
    action_values: z.array(action).optional(),
    account_currency: z.string().regex(/^[A-Z]{3}$/),
  })
  .loose();
export type MetaInsightsRowBody = z.output<typeof insightsRowSchema>;

const insightsPageBody = z.object({
  data: z.array(insightsRowSchema),
  paging: z
    .object({
      cursors: z.object({ after: z.string().optional() }).loose().optional(),
      next: z.string().optional(),
    })
    .loose()
    .optional(),
});
const reportRunStartBody = z.object({ report_run_id: z.union([z.string(), z.number()]).transform(String) });
const reportRunBody = z
  .object({ async_status: z.string(), async_percent_completion: z.number().min(0).max(100).optional() })
  .loose();

/** The value of the first purchase action type present; undefined when none is. */
function purchaseValue(
  actions: readonly { action_type: string; value: string }[] | undefined,
): string | undefined {
  for (const type of PURCHASE_ACTION_TYPES) {
    const found = actions?.find((a) => a.action_type === type);
    if (found) return found.value;
  }
  return undefined;
}

/**
 * One Meta row as the port's `MetaInsightRow`: counts as integers; spend and conversion value
 * stay Meta's decimal strings exactly as written (no re-formatting: "12.3" stays "12.3", so a
 * re-pull of an unchanged day compares equal); conversions are the first present purchase
 * action type's count (0 when none), conversion value likewise ("0" when none).
 */
export function projectInsightsRow(level: InsightsLevel, row: MetaInsightsRowBody): MetaInsightRow {
  const entityId = level === 'campaign' ? row.campaign_id : level === 'adset' ? row.adset_id : row.ad_id;
  if (entityId === undefined)
    throw new MetaRequestError(`an Insights row at level ${level} came without its ${level}_id`, {
      httpStatus: 200,
      message: 'unexpected answer shape',
    });
  const entityName =
    level === 'campaign' ? row.campaign_name : level === 'adset' ? row.adset_name : row.ad_name;
  const conversions = purchaseValue(row.actions);
  return {
    level,
    entityId,
    ...(entityName === undefined ? {} : { entityName }),
    campaignId: row.campaign_id,
    ...(level !== 'campaign' && row.adset_id !== undefined ? { adSetId: row.adset_id } : {}),
    date: row.date_start,
    spend: row.spend,
    impressions: row.impressions,
    clicks: row.clicks,
    conversions: conversions === undefined ? 0 : Math.round(Number(conversions)),
    conversionValue: purchaseValue(row.action_values) ?? '0',
    currency: row.account_currency,
  };
}

/** Meta's `async_status` as the port's state; only "Job Completed" is done. */
export function reportRunStatusOf(asyncStatus: string, percent: number | undefined): ReportRunStatus {
  switch (asyncStatus) {
    case 'Job Completed':
      return { state: 'completed' };
    case 'Job Failed':
    case 'Job Skipped':
      return { state: 'failed', reason: asyncStatus };
    default:
      // "Job Not Started", "Job Started", "Job Running" — even at 100 %.
      return { state: 'running', percent: percent ?? 0 };
  }
}

/** The parameters every Insights read sends (the port's contract). */
export function insightsParams(query: InsightsQuery) {
  return {
    level: query.level,
    fields: insightsFields(query.level).join(','),
    time_increment: 1,
    time_range: { since: query.since, until: query.until },
    use_unified_attribution_setting: true,
    filtering: [
      // Every status: Meta's default leaves ARCHIVED and DELETED objects out.
      { field: `${query.level}.effective_status`, operator: 'IN', value: [...META_EFFECTIVE_STATUSES] },
    ],
  };
}

function pageOf(level: InsightsLevel, body: z.output<typeof insightsPageBody>): InsightsPage {
  const rows = body.data.map((row) => projectInsightsRow(level, row));
  return withAfter(rows, body);
}

/** Meta's `after` cursor, only when there is a next page. */
function withAfter(rows: MetaInsightRow[], body: z.output<typeof insightsPageBody>): InsightsPage {
  const after = body.paging?.next === undefined ? undefined : body.paging.cursors?.after;
  return after === undefined ? { rows } : { rows, after };
}

/**
 * MetaInsights over THE Graph client. Every call, `/{report_run_id}` ones included, goes in the
 * ad account's Insights bucket (`act_<id>:insights`), so an Insights throttle never blocks
 * campaign edits. Meta's "reduce the amount of data" and large-report refusals come out as
 * `MetaDataTooLargeError` (classified by the transport, never retried): the caller splits.
 */
export class GraphMetaInsights implements MetaInsights {
  constructor(private readonly graph: GraphClient) {}

  async readPage(
    call: InsightsCall,
    query: InsightsQuery,
    page: { limit: number; after?: string },
  ): Promise<InsightsPage> {
    const body = await this.graph.get(`/${call.adAccountId}/insights`, {
      ...callOptions(call),
      params: { ...insightsParams(query), limit: page.limit, ...(page.after ? { after: page.after } : {}) },
      schema: insightsPageBody,
    });
    return pageOf(query.level, body);
  }

  async startReport(call: InsightsCall, query: InsightsQuery): Promise<{ reportRunId: string }> {
    // Starting a run twice only costs a second run: safe to retry after a lost answer.
    const { report_run_id: reportRunId } = await this.graph.post(`/${call.adAccountId}/insights`, {
      ...callOptions(call),
      idempotent: true,
      params: insightsParams(query),
      schema: reportRunStartBody,
    });
    return { reportRunId };
  }

  async reportStatus(call: InsightsCall, reportRunId: string): Promise<ReportRunStatus> {
    const body = await this.graph.get(`/${reportRunId}`, {
      ...callOptions(call),
      fields: ['async_status', 'async_percent_completion'],
      schema: reportRunBody,
    });
    return reportRunStatusOf(body.async_status, body.async_percent_completion);
  }

  async readReportPage(
    call: InsightsCall,
    reportRunId: string,
    page: { limit: number; after?: string },
  ): Promise<InsightsPage> {
    const body = await this.graph.get(`/${reportRunId}/insights`, {
      ...callOptions(call),
      params: { limit: page.limit, ...(page.after ? { after: page.after } : {}) },
      schema: insightsPageBody,
    });
    // A run's rows carry the ids of their level: the deepest one says which (the port does not).
    return withAfter(
      body.data.map((row) => projectInsightsRow(levelOfRow(row), row)),
      body,
    );
  }
}

/** The level of a row read with `insightsFields(level)`: its deepest id. */
export function levelOfRow(row: MetaInsightsRowBody): InsightsLevel {
  if (row.ad_id !== undefined) return 'ad';
  return row.adset_id !== undefined ? 'adset' : 'campaign';
}

function callOptions(call: InsightsCall) {
  return {
    accessToken: call.accessToken,
    tokenId: call.tokenId,
    bucketKey: adAccountBucketKey(call.adAccountId, true),
    ...(call.signal === undefined ? {} : { signal: call.signal }),
  };
}
