import { isCalendarDay, monthsBefore } from '../../../shared/domain/account-days';
import { booleanParam, jsonArrayParam, jsonObjectParam } from './ad-object-params';
import { EFFECTIVE_STATUSES } from './ad-object-records';
import { GraphError, invalidParameter } from './graph-error';
import {
  INSIGHTS_LEVELS,
  type InsightsFilter,
  type InsightsLevel,
  type InsightsRowQuery,
} from './insights-rows';

/** The Insights fields the simulator answers (a subset of Meta's `AdsInsights`). */
export const INSIGHTS_FIELDS = new Set([
  'account_id',
  'account_name',
  'account_currency',
  'campaign_id',
  'campaign_name',
  'adset_id',
  'adset_name',
  'ad_id',
  'ad_name',
  'date_start',
  'date_stop',
  'spend',
  'impressions',
  'clicks',
  'actions',
  'action_values',
]);

/** What Meta answers without `fields`. */
const DEFAULT_FIELDS = ['impressions', 'spend', 'date_start', 'date_stop'];
export const DEFAULT_INSIGHTS_LIMIT = 25;
/** Meta keeps Insights for 37 months. */
const RETENTION_MONTHS = 37;

export interface InsightsRequest {
  query: InsightsRowQuery;
  fields: string[];
}

function readLevel(params: URLSearchParams): InsightsLevel {
  const level = params.get('level');
  if (level !== null && (INSIGHTS_LEVELS as readonly string[]).includes(level)) return level as InsightsLevel;
  // Account-level reads exist at Meta; the simulator serves the three object levels only.
  throw invalidParameter(
    `(#100) level must be one of the following values: ${INSIGHTS_LEVELS.join(', ')} (the simulator does not serve account level)`,
  );
}

function readFields(params: URLSearchParams): string[] {
  const text = params.get('fields')?.trim();
  if (!text) return [...DEFAULT_FIELDS];
  const fields = text
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field.length > 0);
  for (const field of fields) {
    if (!INSIGHTS_FIELDS.has(field))
      throw invalidParameter(
        `(#100) ${field} is not valid for fields param. please check https://developers.facebook.com/docs/marketing-api/reference/ads-insights/ for all valid values`,
      );
  }
  return fields;
}

/**
 * `time_range={"since","until"}`: calendar days, since not after until, since within Meta's
 * 37 months of `today` (the account's day): Meta's (#3018) otherwise.
 */
function readTimeRange(params: URLSearchParams, today: string): { since: string; until: string } {
  const range = jsonObjectParam(params, 'time_range');
  if (range === undefined)
    throw invalidParameter('(#100) time_range is required by the simulator (date_preset is not simulated)');
  const { since, until } = range;
  if (
    typeof since !== 'string' ||
    typeof until !== 'string' ||
    !isCalendarDay(since) ||
    !isCalendarDay(until)
  )
    throw invalidParameter(
      '(#100) Param time_range must be a JSON object with since and until as YYYY-MM-DD',
    );
  if (since > until)
    throw invalidParameter('(#100) Param time_range is invalid: since must not be later than until');
  if (since < monthsBefore(today, RETENTION_MONTHS)) {
    throw new GraphError({
      status: 400,
      message: '(#3018) The start date of the time range cannot be beyond 37 months from the current date',
      type: 'OAuthException',
      code: 3018,
    });
  }
  return { since, until };
}

function readTimeIncrement(params: URLSearchParams): void {
  const increment = params.get('time_increment');
  if (increment !== '1')
    throw invalidParameter('(#100) time_increment must be 1 in the simulator (daily rows only)');
}

const FILTER_FIELD = /^(campaign|adset|ad)\.(effective_status|id)$/;

function readFilters(params: URLSearchParams, level: InsightsLevel): InsightsFilter[] {
  const raw = jsonArrayParam(params, 'filtering') ?? [];
  return raw.map((item) => {
    if (typeof item !== 'object' || item === null)
      throw invalidParameter('(#100) Param filtering must be an array of objects');
    const { field, operator, value } = item as Record<string, unknown>;
    const match = typeof field === 'string' ? FILTER_FIELD.exec(field) : null;
    const op = typeof operator === 'string' ? operator.toUpperCase() : '';
    if (!match || (op !== 'IN' && op !== 'NOT_IN') || !Array.isArray(value))
      throw invalidParameter(
        `(#100) Filtering field ${String(field)} with operation ${String(operator)} is not supported`,
      );
    const filterLevel = match[1] as InsightsLevel;
    if (INSIGHTS_LEVELS.indexOf(filterLevel) > INSIGHTS_LEVELS.indexOf(level))
      throw invalidParameter(`(#100) Filtering field ${field as string} is not available at level ${level}`);
    const values = value.map(String);
    const kind = match[2] as 'effective_status' | 'id';
    if (kind === 'effective_status') {
      for (const status of values)
        if (!(EFFECTIVE_STATUSES as readonly string[]).includes(status))
          throw invalidParameter(
            `(#100) ${status} is not a valid value of ${field as string}: must be one of ${EFFECTIVE_STATUSES.join(', ')}`,
          );
    }
    return { level: filterLevel, kind, include: op === 'IN', values: new Set(values) };
  });
}

/** Reads and checks an Insights call's parameters as Meta does (code 100 for what it refuses). */
export function readInsightsRequest(
  params: URLSearchParams,
  adAccountId: string,
  today: string,
): InsightsRequest {
  const level = readLevel(params);
  const fields = readFields(params);
  readTimeIncrement(params);
  const { since, until } = readTimeRange(params, today);
  const unified = booleanParam(params, 'use_unified_attribution_setting') ?? false;
  const filters = readFilters(params, level);
  return { query: { adAccountId, level, since, until, unified, filters }, fields };
}

/** `limit` (a positive integer, 25 by default) and the `after` cursor of a page. */
export function readInsightsPage(params: URLSearchParams): { limit: number; after?: string } {
  const raw = params.get('limit');
  const limit = raw === null ? DEFAULT_INSIGHTS_LIMIT : Number(raw);
  if (!Number.isInteger(limit) || limit < 1)
    throw invalidParameter('(#100) Param limit must be a positive integer');
  const after = params.get('after');
  return after ? { limit, after } : { limit };
}
