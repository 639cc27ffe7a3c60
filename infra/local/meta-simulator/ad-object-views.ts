import {
  adEffectiveStatus,
  adSetEffectiveStatus,
  advantageStateInfo,
  campaignEffectiveStatus,
} from './ad-effective-status';
import type { AdRecord, AdSetRecord, CampaignRecord, EffectiveStatus } from './ad-object-records';
import type { AdObjectStore } from './ad-object-store';
import { attributionSpecOf, DEFAULT_ATTRIBUTION } from './insights-attribution';
import type { FieldValue, NodeRef } from './node-types';

/** Meta's timestamp form: `2026-12-01T10:00:00+0000`. */
export function metaTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

/** Effective status of any campaign, ad set or ad id (undefined for other ids). */
export function effectiveStatusOf(store: AdObjectStore, id: string): EffectiveStatus | undefined {
  const campaign = store.campaigns.get(id);
  if (campaign) return campaignEffectiveStatus(campaign);
  const adset = store.adsets.get(id);
  if (adset) return adSetEffectiveStatus(adset, store.campaigns.get(adset.campaignId));
  const ad = store.ads.get(id);
  if (ad)
    return adEffectiveStatus(
      ad,
      store.adsets.get(ad.adsetId),
      store.campaigns.get(ad.campaignId),
      store.nowMs(),
    );
  return undefined;
}

/** The ad sets of a campaign that are not deleted (what Advantage+ state looks at). */
export function liveAdsetsOf(store: AdObjectStore, campaignId: string): AdSetRecord[] {
  return (store.adsetsOfCampaign.get(campaignId)?.values() ?? [])
    .flatMap((id) => store.adsets.get(id) ?? [])
    .filter((adset) => effectiveStatusOf(store, adset.id) !== 'DELETED');
}

function minor(amount: number | undefined): string | undefined {
  return amount === undefined ? undefined : String(amount);
}

function labelsOf(store: AdObjectStore, ids: readonly string[]): Record<string, unknown>[] {
  return ids.flatMap((id) => {
    const label = store.labels.get(id);
    return label
      ? [
          {
            id: label.id,
            name: label.name,
            created_time: metaTime(label.createdMs),
            updated_time: metaTime(label.updatedMs),
          },
        ]
      : [];
  });
}

function ref(kind: NodeRef['ref'], id: string): NodeRef {
  return { ref: kind, id };
}

function common(
  store: AdObjectStore,
  record: CampaignRecord | AdSetRecord | AdRecord,
): Record<string, FieldValue> {
  return {
    id: record.id,
    name: record.name,
    account_id: record.adAccountId.slice(4),
    status: record.status,
    configured_status: record.status,
    effective_status: effectiveStatusOf(store, record.id),
    created_time: metaTime(record.createdMs),
    updated_time: metaTime(record.updatedMs),
    adlabels: labelsOf(store, record.labelIds.values()),
  };
}

export function describeCampaign(store: AdObjectStore, id: string): Record<string, FieldValue> | undefined {
  const campaign = store.campaigns.get(id);
  if (!campaign) return undefined;
  return {
    ...common(store, campaign),
    objective: campaign.objective,
    special_ad_categories: campaign.specialAdCategories,
    daily_budget: minor(campaign.dailyBudget),
    lifetime_budget: minor(campaign.lifetimeBudget),
    bid_strategy: campaign.bidStrategy,
    spend_cap: minor(campaign.spendCap),
    is_adset_budget_sharing_enabled: campaign.isAdsetBudgetSharingEnabled,
    start_time: campaign.startTime,
    stop_time: campaign.stopTime,
    buying_type: 'AUCTION',
    advantage_state_info: { ...advantageStateInfo(campaign, liveAdsetsOf(store, id)) },
    issues_info: [],
  };
}

export function describeAdSet(store: AdObjectStore, id: string): Record<string, FieldValue> | undefined {
  const adset = store.adsets.get(id);
  if (!adset) return undefined;
  return {
    ...common(store, adset),
    campaign_id: adset.campaignId,
    campaign: ref('campaign', adset.campaignId),
    daily_budget: minor(adset.dailyBudget),
    lifetime_budget: minor(adset.lifetimeBudget),
    bid_strategy: adset.bidStrategy,
    bid_amount: adset.bidAmount,
    billing_event: adset.billingEvent,
    optimization_goal: adset.optimizationGoal,
    targeting: adset.targeting,
    start_time: adset.startTime,
    end_time: adset.endTime,
    promoted_object: adset.promotedObject,
    dsa_beneficiary: adset.dsaBeneficiary,
    dsa_payor: adset.dsaPayor,
    attribution_spec: attributionSpecOf(adset.attribution ?? DEFAULT_ATTRIBUTION),
    issues_info: [],
  };
}

export function describeAd(store: AdObjectStore, id: string): Record<string, FieldValue> | undefined {
  const ad = store.ads.get(id);
  if (!ad) return undefined;
  const rejection = ad.review.disapproved;
  const feedback = rejection
    ? rejection.placement
      ? { placement_specific: { [rejection.placement]: { [rejection.summary]: rejection.message } } }
      : { global: { [rejection.summary]: rejection.message } }
    : undefined;
  return {
    ...common(store, ad),
    adset_id: ad.adsetId,
    campaign_id: ad.campaignId,
    adset: ref('adset', ad.adsetId),
    campaign: ref('campaign', ad.campaignId),
    creative: { id: ad.creativeId },
    ad_review_feedback: feedback,
    issues_info: rejection
      ? [
          {
            level: 'AD',
            error_code: 1487,
            error_summary: rejection.summary,
            error_message: rejection.message,
            error_type: 'HARD_ERROR',
          },
        ]
      : [],
  };
}

export function describeAdLabel(store: AdObjectStore, id: string): Record<string, FieldValue> | undefined {
  const label = store.labels.get(id);
  if (!label) return undefined;
  return {
    id: label.id,
    name: label.name,
    created_time: metaTime(label.createdMs),
    updated_time: metaTime(label.updatedMs),
    account: ref('ad_account', label.adAccountId),
  };
}
