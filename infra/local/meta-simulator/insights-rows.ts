import { dayInZone, daysOf } from '../../../shared/domain/account-days';
import type { AdRecord } from './ad-object-records';
import type { AdObjectStore } from './ad-object-store';
import { effectiveStatusOf } from './ad-object-views';
import { type AttributionSetting, DEFAULT_ATTRIBUTION, windowsOf } from './insights-attribution';
import { adDayMetrics, type Restatement } from './insights-metrics';

export const INSIGHTS_LEVELS = ['campaign', 'adset', 'ad'] as const;
export type InsightsLevel = (typeof INSIGHTS_LEVELS)[number];

/** `{field: "<level>.effective_status" | "<level>.id", operator: IN | NOT_IN, value: [...]}` */
export interface InsightsFilter {
  level: InsightsLevel;
  kind: 'effective_status' | 'id';
  include: boolean;
  values: ReadonlySet<string>;
}

/** What a read asks for, already validated (see insights-params.ts). */
export interface InsightsRowQuery {
  adAccountId: string;
  level: InsightsLevel;
  since: string;
  until: string;
  /** `use_unified_attribution_setting=true`: each ad set under its own setting. */
  unified: boolean;
  filters: readonly InsightsFilter[];
}

/** One row as the simulator computes it: money in minor units, conversions already attributed. */
export interface InsightsRow {
  level: InsightsLevel;
  date: string;
  entityId: string;
  campaignId: string;
  adSetId?: string;
  adId?: string;
  impressions: number;
  clicks: number;
  spendMinor: number;
  landingPageViews: number;
  purchases: number;
  purchaseValueMinor: number;
}

/** The ad account facts a computation needs. */
export interface AccountFacts {
  currency: string;
  timezoneName: string;
  restatements: readonly Restatement[];
}

const REMOVED = new Set(['ARCHIVED', 'DELETED']);
const DEPTH: Record<InsightsLevel, number> = { campaign: 0, adset: 1, ad: 2 };

function entityOf(ad: AdRecord, level: InsightsLevel): string {
  if (level === 'ad') return ad.id;
  return level === 'adset' ? ad.adsetId : ad.campaignId;
}

/** The ancestor (or the entity itself) of a row that a filter on `level` looks at. */
function objectAt(row: Pick<InsightsRow, 'campaignId' | 'adSetId' | 'adId'>, level: InsightsLevel) {
  if (level === 'campaign') return row.campaignId;
  return level === 'adset' ? row.adSetId : row.adId;
}

/**
 * Whether Meta shows the entity: every filter must hold; without a filter on the row level's
 * `effective_status`, ARCHIVED and DELETED entities (or ones under such a parent) are hidden,
 * as Meta's default does.
 */
function visible(
  store: AdObjectStore,
  row: Pick<InsightsRow, 'entityId' | 'campaignId' | 'adSetId' | 'adId'>,
  query: InsightsRowQuery,
): boolean {
  let statusFiltered = false;
  for (const filter of query.filters) {
    const id = objectAt(row, filter.level);
    if (id === undefined) return false;
    const value = filter.kind === 'id' ? id : (effectiveStatusOf(store, id) ?? '');
    if (filter.values.has(value) !== filter.include) return false;
    if (filter.kind === 'effective_status' && filter.level === query.level) statusFiltered = true;
  }
  return statusFiltered || !REMOVED.has(effectiveStatusOf(store, row.entityId) ?? '');
}

/** The days an ad delivered: from its created day to today, or to the day it was removed. */
function deliveryDays(ad: AdRecord, account: AccountFacts, nowMs: number, since: string, until: string) {
  const created = dayInZone(ad.createdMs, account.timezoneName);
  const last = REMOVED.has(ad.status)
    ? dayInZone(ad.updatedMs, account.timezoneName)
    : dayInZone(nowMs, account.timezoneName);
  const from = created > since ? created : since;
  const to = last < until ? last : until;
  return daysOf(from, to);
}

/**
 * Every row of the query, ordered by date, then by the entity's creation order: ad rows are
 * the ads' own days; ad set and campaign rows sum their ads (removed ones included, as Meta's
 * parent totals do). Conversions count under the ad set's own attribution setting when the
 * read is unified, else under the account default (7-day click + 1-day view).
 */
export function insightsRows(
  store: AdObjectStore,
  account: AccountFacts,
  query: InsightsRowQuery,
  nowMs: number,
): InsightsRow[] {
  const rows = new Map<string, InsightsRow>();
  const order = new Map<string, number>();
  const adIds = store.account(query.adAccountId).ads.values();
  for (const adId of adIds) {
    const ad = store.ads.get(adId);
    if (!ad) continue;
    const adset = store.adsets.get(ad.adsetId);
    const setting: AttributionSetting = query.unified
      ? (adset?.attribution ?? DEFAULT_ATTRIBUTION)
      : DEFAULT_ATTRIBUTION;
    const windows = windowsOf(setting);
    const entityId = entityOf(ad, query.level);
    if (!order.has(entityId)) order.set(entityId, order.size);
    const identity = {
      level: query.level,
      entityId,
      campaignId: ad.campaignId,
      ...(DEPTH[query.level] >= 1 ? { adSetId: ad.adsetId } : {}),
      ...(query.level === 'ad' ? { adId: ad.id } : {}),
    };
    if (!visible(store, identity, query)) continue;
    for (const date of deliveryDays(ad, account, nowMs, query.since, query.until)) {
      const metrics = adDayMetrics(ad.id, date, account.currency, account.restatements);
      const key = `${date}|${entityId}`;
      let row = rows.get(key);
      if (!row) {
        row = {
          ...identity,
          date,
          impressions: 0,
          clicks: 0,
          spendMinor: 0,
          landingPageViews: 0,
          purchases: 0,
          purchaseValueMinor: 0,
        };
        rows.set(key, row);
      }
      row.impressions += metrics.impressions;
      row.clicks += metrics.clicks;
      row.spendMinor += metrics.spendMinor;
      row.landingPageViews += metrics.landingPageViews;
      for (const window of windows) {
        row.purchases += metrics.purchases[window];
        row.purchaseValueMinor += metrics.purchaseValueMinor[window];
      }
    }
  }
  return [...rows.values()].sort(
    (a, b) =>
      (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
      (order.get(a.entityId) ?? 0) - (order.get(b.entityId) ?? 0),
  );
}
