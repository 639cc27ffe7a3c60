import type { AdObjectStore } from './ad-object-store';
import type { PageLink } from './edge-paging';
import { invalidCursor } from './graph-error';
import { metaDecimal } from './insights-metrics';
import type { InsightsRow } from './insights-rows';
import type { AdAccountRecord } from './world-records';

/** Meta reports a purchase under all three names (omni, plain, pixel), with the same count. */
const PURCHASE_ACTION_TYPES = ['omni_purchase', 'purchase', 'offsite_conversion.fb_pixel_purchase'];

interface Action {
  action_type: string;
  value: string;
}

function actionsOf(row: InsightsRow): Action[] {
  const actions: Action[] = [];
  if (row.clicks > 0) actions.push({ action_type: 'link_click', value: String(row.clicks) });
  if (row.landingPageViews > 0)
    actions.push({ action_type: 'landing_page_view', value: String(row.landingPageViews) });
  if (row.purchases > 0)
    for (const type of PURCHASE_ACTION_TYPES)
      actions.push({ action_type: type, value: String(row.purchases) });
  return actions;
}

function actionValuesOf(row: InsightsRow, currency: string): Action[] {
  if (row.purchaseValueMinor === 0) return [];
  const value = metaDecimal(row.purchaseValueMinor, currency);
  return PURCHASE_ACTION_TYPES.map((type) => ({ action_type: type, value }));
}

/**
 * A row as Meta writes it: every number a string, money as decimal strings of major units,
 * `actions` / `action_values` left out when empty, ids of deeper levels left out.
 */
export function renderInsightsRow(
  row: InsightsRow,
  fields: readonly string[],
  store: AdObjectStore,
  account: AdAccountRecord,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    switch (field) {
      case 'account_id':
        out.account_id = account.accountId;
        break;
      case 'account_name':
        out.account_name = account.name;
        break;
      case 'account_currency':
        out.account_currency = account.currency;
        break;
      case 'campaign_id':
        out.campaign_id = row.campaignId;
        break;
      case 'campaign_name':
        out.campaign_name = store.campaigns.get(row.campaignId)?.name ?? '';
        break;
      case 'adset_id':
        if (row.adSetId !== undefined) out.adset_id = row.adSetId;
        break;
      case 'adset_name':
        if (row.adSetId !== undefined) out.adset_name = store.adsets.get(row.adSetId)?.name ?? '';
        break;
      case 'ad_id':
        if (row.adId !== undefined) out.ad_id = row.adId;
        break;
      case 'ad_name':
        if (row.adId !== undefined) out.ad_name = store.ads.get(row.adId)?.name ?? '';
        break;
      case 'spend':
        out.spend = metaDecimal(row.spendMinor, account.currency);
        break;
      case 'impressions':
        out.impressions = String(row.impressions);
        break;
      case 'clicks':
        out.clicks = String(row.clicks);
        break;
      case 'actions': {
        const actions = actionsOf(row);
        if (actions.length > 0) out.actions = actions;
        break;
      }
      case 'action_values': {
        const values = actionValuesOf(row, account.currency);
        if (values.length > 0) out.action_values = values;
        break;
      }
    }
  }
  // Meta always closes a row with its dates.
  out.date_start = row.date;
  out.date_stop = row.date;
  return out;
}

/**
 * Insights cursors are opaque to clients; here base64 of the row's position in the result and
 * when the cursor was given, so that cursors can expire as Meta's do.
 */
function encodePosition(index: number, issuedMs: number): string {
  return Buffer.from(`insights:${index}:${issuedMs}`, 'utf8').toString('base64');
}

function decodePosition(cursor: string, clock: CursorClock): number {
  const text = /^[A-Za-z0-9+/]+={0,2}$/.test(cursor) ? Buffer.from(cursor, 'base64').toString('utf8') : '';
  const match = /^insights:(\d+):(\d+)$/.exec(text);
  if (!match) throw invalidCursor();
  const issuedMs = Number(match[2]);
  if (clock.maxAgeMs !== undefined && clock.nowMs - issuedMs > clock.maxAgeMs) throw invalidCursor();
  return Number(match[1]);
}

/** When cursors are given and how long they stay valid (undefined: forever). */
export interface CursorClock {
  nowMs: number;
  maxAgeMs?: number;
}

/**
 * One page of an Insights result in Meta's shape: `{data, paging: {cursors: {before, after},
 * next?}}`; `next` keeps the request's parameters (fields, filtering, token…) with the new `after`.
 */
export function insightsPage(
  rows: readonly InsightsRow[],
  page: { limit: number; after?: string },
  link: PageLink,
  render: (row: InsightsRow) => Record<string, unknown>,
  clock: CursorClock,
): Record<string, unknown> {
  const start = page.after === undefined ? 0 : decodePosition(page.after, clock) + 1;
  if (start > rows.length) throw invalidCursor();
  const end = Math.min(rows.length, start + page.limit);
  const data = rows.slice(start, end).map(render);
  if (data.length === 0) return { data: [] };
  const after = encodePosition(end - 1, clock.nowMs);
  const paging: Record<string, unknown> = {
    cursors: { before: encodePosition(start, clock.nowMs), after },
  };
  if (end < rows.length) {
    const params = new URLSearchParams(link.params);
    params.set('limit', String(page.limit));
    params.set('after', after);
    paging.next = `${link.url}?${params.toString()}`;
  }
  return { data, paging };
}
