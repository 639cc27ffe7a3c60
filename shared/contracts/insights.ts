import * as z from 'zod';
import { INSIGHTS_LEVELS } from '../domain/daily-metrics';
import { listBody } from './common';
import { defineRoute, type RouteContract } from './route-contract';

/**
 * Insights (DESIGN §5 "Insights row"): daily rows from `ua_daily_metrics`, and refresh jobs
 * that backfill a range at all three levels. Money is Meta's decimal string in major units
 * here, the one exception to minor-unit integers.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const adAccountId = z.string().regex(/^act_\d{1,32}$/, 'must be an ad account id (act_…)');
const decimalMajor = z.string().regex(/^-?\d+(\.\d+)?$/, "Meta's decimal string in major units");

export const insightsLevelSchema = z.enum(INSIGHTS_LEVELS);

export const insightsQuery = z.object({
  from: isoDate,
  to: isoDate,
  level: insightsLevelSchema.default('campaign'),
  /** Default: the picked ad account. */
  adAccountId: adAccountId.optional(),
  /** Only these entities (comma-separated Meta ids), e.g. one campaign for a chart. */
  entityIds: z
    .string()
    .regex(/^\d{1,32}(,\d{1,32})*$/, 'must be comma-separated Meta ids')
    .optional(),
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const insightsRowBody = z
  .object({
    date: isoDate.describe("in the ad account's time zone"),
    adAccountId: z.string(),
    level: insightsLevelSchema,
    entityId: z.string(),
    entityName: z.string().optional(),
    campaignId: z.string(),
    adSetId: z.string().optional(),
    spend: decimalMajor,
    impressions: z.number().int(),
    clicks: z.number().int(),
    conversions: z.number().describe("purchases under each ad set's own attribution setting"),
    conversionValue: decimalMajor,
    currency: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'InsightsRow' });

export const refreshInsightsRequest = z
  .object({
    adAccountId: adAccountId.optional().describe('default: the picked ad account'),
    from: isoDate,
    to: isoDate.describe('inclusive; may be today'),
  })
  .meta({ id: 'RefreshInsights' });

export const insightsJobStatuses = ['running', 'succeeded', 'failed'] as const;

export const insightsJobBody = z
  .object({
    jobId: z.string(),
    status: z.enum(insightsJobStatuses),
    adAccountId: z.string(),
    from: isoDate,
    to: isoDate,
    trigger: z.enum(['manual', 'hourly', 'daily']),
    /**
     * Rows Meta answered for the pieces settled so far, over all levels, each counted once (a
     * split or re-read range is not counted twice); approximate only when Meta's answer changes
     * while a piece pages through it.
     */
    rows: z.number().int().optional(),
    /** Rows new or changed in ua_daily_metrics (an unchanged re-pull writes none). */
    written: z.number().int().optional(),
    /** Pieces (level × date range) done of those planned; failed ones split into halves. */
    progress: z.object({ done: z.number().int(), total: z.number().int(), failed: z.number().int() }),
    errors: z.array(z.object({ code: z.string(), message: z.string() })),
    createdAt: z.string(),
    finishedAt: z.string().optional(),
  })
  .meta({ id: 'InsightsJob' });

export const insightsJobParams = z.object({
  jobId: z.string().regex(/^inj_[0-9a-f]{24}$/, 'must be a job id (inj_…)'),
});

export const listInsightsRoute = defineRoute({
  method: 'GET',
  path: '/insights',
  summary: 'Daily rows from ua_daily_metrics (cursor pages); a foreign ad account is 404',
  auth: 'jwt',
  query: insightsQuery,
  responses: { 200: listBody(insightsRowBody) },
});

export const refreshInsightsRoute = defineRoute({
  method: 'POST',
  path: '/insights/refresh',
  summary: "Backfill a range (≤ Meta's 37 months back) at campaign, ad set and ad level",
  auth: 'jwt',
  body: refreshInsightsRequest,
  responses: { 202: z.object({ jobId: z.string() }).meta({ id: 'InsightsJobStarted' }) },
});

export const getInsightsJobRoute = defineRoute({
  method: 'GET',
  path: '/insights/jobs/{jobId}',
  summary: 'A refresh job and its progress',
  auth: 'jwt',
  params: insightsJobParams,
  responses: { 200: insightsJobBody },
});

export const insightsRoutes: RouteContract[] = [listInsightsRoute, refreshInsightsRoute, getInsightsJobRoute];
