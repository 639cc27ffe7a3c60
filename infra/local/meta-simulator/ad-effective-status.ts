import type {
  AdRecord,
  AdSetRecord,
  CampaignRecord,
  ConfiguredStatus,
  EffectiveStatus,
} from './ad-object-records';

type Statused = { status: ConfiguredStatus };

/** DELETED beats ARCHIVED: an object is as gone as its most gone ancestor (itself included). */
function removedStatus(chain: readonly Statused[]): 'DELETED' | 'ARCHIVED' | undefined {
  if (chain.some((o) => o.status === 'DELETED')) return 'DELETED';
  if (chain.some((o) => o.status === 'ARCHIVED')) return 'ARCHIVED';
  return undefined;
}

export function campaignEffectiveStatus(campaign: CampaignRecord): EffectiveStatus {
  return removedStatus([campaign]) ?? campaign.status;
}

/** An ACTIVE ad set under a PAUSED campaign reads CAMPAIGN_PAUSED, as at Meta. */
export function adSetEffectiveStatus(
  adset: AdSetRecord,
  campaign: CampaignRecord | undefined,
): EffectiveStatus {
  const removed = removedStatus(campaign ? [adset, campaign] : [adset]);
  if (removed) return removed;
  if (adset.status === 'PAUSED') return 'PAUSED';
  if (campaign?.status === 'PAUSED') return 'CAMPAIGN_PAUSED';
  return 'ACTIVE';
}

/**
 * An ad's own pause wins, then the campaign's (CAMPAIGN_PAUSED), then the ad set's
 * (ADSET_PAUSED); an ad that would run is DISAPPROVED, PENDING_REVIEW (until Meta's review
 * ends) or ACTIVE.
 */
export function adEffectiveStatus(
  ad: AdRecord,
  adset: AdSetRecord | undefined,
  campaign: CampaignRecord | undefined,
  nowMs: number,
): EffectiveStatus {
  const chain: Statused[] = [ad];
  if (adset) chain.push(adset);
  if (campaign) chain.push(campaign);
  const removed = removedStatus(chain);
  if (removed) return removed;
  if (ad.status === 'PAUSED') return 'PAUSED';
  if (campaign?.status === 'PAUSED') return 'CAMPAIGN_PAUSED';
  if (adset?.status === 'PAUSED') return 'ADSET_PAUSED';
  if (ad.review.disapproved) return 'DISAPPROVED';
  if (nowMs < ad.review.decidedAtMs) return 'PENDING_REVIEW';
  return 'ACTIVE';
}

export interface AdvantageStateInfo {
  advantage_state: 'DISABLED' | 'ADVANTAGE_PLUS_SALES' | 'ADVANTAGE_PLUS_APP' | 'ADVANTAGE_PLUS_LEADS';
  advantage_budget_state: 'ENABLED' | 'DISABLED';
  advantage_audience_state: 'ENABLED' | 'DISABLED';
  advantage_placement_state: 'ENABLED' | 'DISABLED';
}

const ADVANTAGE_BY_OBJECTIVE: Record<string, AdvantageStateInfo['advantage_state']> = {
  OUTCOME_SALES: 'ADVANTAGE_PLUS_SALES',
  OUTCOME_APP_PROMOTION: 'ADVANTAGE_PLUS_APP',
  OUTCOME_LEADS: 'ADVANTAGE_PLUS_LEADS',
};

/** Since v23 an ad set without `targeting_automation.advantage_audience` gets 1 (broadened). */
export function usesAdvantageAudience(targeting: Record<string, unknown>): boolean {
  const automation = targeting.targeting_automation;
  if (typeof automation !== 'object' || automation === null) return true;
  return (automation as Record<string, unknown>).advantage_audience !== 0;
}

/** Placements are automatic (Advantage+) unless the targeting names publisher platforms. */
export function usesAdvantagePlacements(targeting: Record<string, unknown>): boolean {
  return !Array.isArray(targeting.publisher_platforms);
}

/**
 * Meta's 2026 rule, simplified: a campaign whose three levers are all automatic — a campaign
 * budget, Advantage+ audience and Advantage+ placements on every live ad set (geo-only
 * targeting leaves both on) — becomes an Advantage+ campaign of its objective's kind.
 */
export function advantageStateInfo(
  campaign: CampaignRecord,
  liveAdsets: readonly AdSetRecord[],
): AdvantageStateInfo {
  const budget = campaign.dailyBudget !== undefined || campaign.lifetimeBudget !== undefined;
  const audience = liveAdsets.every((adset) => usesAdvantageAudience(adset.targeting));
  const placements = liveAdsets.every((adset) => usesAdvantagePlacements(adset.targeting));
  const kind = ADVANTAGE_BY_OBJECTIVE[campaign.objective];
  const onOff = (on: boolean): 'ENABLED' | 'DISABLED' => (on ? 'ENABLED' : 'DISABLED');
  return {
    advantage_state: kind && budget && audience && placements ? kind : 'DISABLED',
    advantage_budget_state: onOff(budget),
    advantage_audience_state: onOff(audience),
    advantage_placement_state: onOff(placements),
  };
}
