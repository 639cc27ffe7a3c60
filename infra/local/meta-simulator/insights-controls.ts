import type { AdRecord, AdSetRecord, CampaignRecord, ConfiguredStatus } from './ad-object-records';
import { EFFECTIVE_STATUSES } from './ad-object-records';
import { IdList } from './id-list';
import { type AttributionSetting, attributionSpecOf, DEFAULT_ATTRIBUTION } from './insights-attribution';
import { metaDecimal, textSeed } from './insights-metrics';
import { computeRows } from './insights-routes';
import type { InsightsLevel } from './insights-rows';
import { resolveInsightsOptions } from './insights-store';
import { seededRandom } from './seeded-random';
import type { SimulatorCore } from './simulator-core';
import type {
  InsightsOptions,
  InsightsRestatement,
  InsightsTruthRow,
  InsightsWorld,
  InsightsWorldSpec,
} from './types';

const DAY_MS = 86_400_000;
/** Every third ad set of a seeded world counts 1-day click only, as some advertisers set it. */
const ONE_DAY_CLICK: AttributionSetting = { clickDays: 1, viewDays: 0 };

export function applyInsightsOptions(core: SimulatorCore, options: InsightsOptions): void {
  core.world.insights.options = resolveInsightsOptions(options);
}

function statusPicker(random: () => number, spec: InsightsWorldSpec): () => ConfiguredStatus {
  const archived = spec.archivedShare ?? 0;
  const deleted = spec.deletedShare ?? 0;
  return () => {
    const draw = random();
    if (draw < archived) return 'ARCHIVED';
    if (draw < archived + deleted) return 'DELETED';
    return 'ACTIVE';
  };
}

/**
 * Creates campaigns, ad sets and ads straight in the store (no HTTP per object), made `days - 1`
 * days ago so each ad has `days` days of history up to today. Deterministic for the same account
 * and spec on a fresh simulator.
 */
export function seedInsightsWorld(
  core: SimulatorCore,
  adAccountId: string,
  spec: InsightsWorldSpec,
): InsightsWorld | undefined {
  const { world } = core;
  const account = world.adAccounts.get(adAccountId);
  if (!account) return undefined;
  const store = world.adObjects;
  const existing = store.account(adAccountId).campaigns.length;
  const random = seededRandom(textSeed(`${adAccountId}|world|${existing}`));
  const nextStatus = statusPicker(random, spec);
  const now = core.nowMs();
  const createdMs = now - Math.max(0, spec.days - 1) * DAY_MS;
  const base = () => ({
    id: world.nextId(),
    adAccountId,
    createdMs,
    updatedMs: createdMs,
    labelIds: new IdList(),
  });
  // A removed object was removed now: it delivered every day of its history.
  const withStatus = <T extends { status: ConfiguredStatus; updatedMs: number }>(record: T): T => {
    if (record.status !== 'ACTIVE') record.updatedMs = now;
    return record;
  };
  const result: InsightsWorld = { campaigns: [], adCount: 0 };
  for (let c = 0; c < spec.campaigns; c += 1) {
    const campaign: CampaignRecord = withStatus({
      ...base(),
      name: `Insights Campaign ${existing + c + 1}`,
      status: nextStatus(),
      objective: 'OUTCOME_SALES',
      specialAdCategories: [],
      isAdsetBudgetSharingEnabled: false,
    });
    store.addCampaign(campaign);
    const seededCampaign: InsightsWorld['campaigns'][number] = {
      id: campaign.id,
      status: campaign.status,
      adSets: [],
    };
    for (let s = 0; s < spec.adSetsPerCampaign; s += 1) {
      const attribution = s % 3 === 1 ? ONE_DAY_CLICK : DEFAULT_ATTRIBUTION;
      const adset: AdSetRecord = withStatus({
        ...base(),
        name: `${campaign.name} · Ad Set ${s + 1}`,
        status: nextStatus(),
        campaignId: campaign.id,
        dailyBudget: 5_000,
        bidStrategy: 'LOWEST_COST_WITHOUT_CAP',
        billingEvent: 'IMPRESSIONS',
        optimizationGoal: 'OFFSITE_CONVERSIONS',
        targeting: { geo_locations: { countries: ['US'] }, targeting_automation: { advantage_audience: 0 } },
        attribution,
        budgetChangesMs: [],
      });
      store.addAdset(adset);
      const adIds: string[] = [];
      for (let a = 0; a < spec.adsPerAdSet; a += 1) {
        const ad: AdRecord = withStatus({
          ...base(),
          name: `${adset.name} · Ad ${a + 1}`,
          status: nextStatus(),
          adsetId: adset.id,
          campaignId: campaign.id,
          creativeId: '',
          review: { decidedAtMs: createdMs },
        });
        store.addAd(ad);
        adIds.push(ad.id);
      }
      result.adCount += adIds.length;
      seededCampaign.adSets.push({
        id: adset.id,
        status: adset.status,
        attributionSpec: attributionSpecOf(attribution),
        adIds,
      });
    }
    result.campaigns.push(seededCampaign);
  }
  world.touch();
  return result;
}

export function restateInsights(
  core: SimulatorCore,
  adAccountId: string,
  restatement: InsightsRestatement,
): boolean {
  if (!core.world.adAccounts.has(adAccountId)) return false;
  core.world.insights.restate(adAccountId, restatement);
  return true;
}

/**
 * The ground truth of a range: every entity of the level (ARCHIVED and DELETED included), each
 * ad set under its own attribution, projected as the port's `MetaInsightRow`.
 */
export function insightsTruth(
  core: SimulatorCore,
  adAccountId: string,
  query: { level: InsightsLevel; from: string; to: string },
): InsightsTruthRow[] | undefined {
  const account = core.world.adAccounts.get(adAccountId);
  if (!account) return undefined;
  const rows = computeRows(core, account, {
    adAccountId,
    level: query.level,
    since: query.from,
    until: query.to,
    unified: true,
    filters: [
      { level: query.level, kind: 'effective_status', include: true, values: new Set(EFFECTIVE_STATUSES) },
    ],
  });
  return rows.map((row) => ({
    date: row.date,
    level: row.level,
    entityId: row.entityId,
    campaignId: row.campaignId,
    ...(row.adSetId === undefined ? {} : { adSetId: row.adSetId }),
    spend: metaDecimal(row.spendMinor, account.currency),
    impressions: row.impressions,
    clicks: row.clicks,
    conversions: row.purchases,
    conversionValue: metaDecimal(row.purchaseValueMinor, account.currency),
    currency: account.currency,
  }));
}
