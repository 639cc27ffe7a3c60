import { IdList } from './id-list';
import type { AttributionSetting } from './insights-attribution';

/** What a write sets (`status`); Meta derives `effective_status` from it and the parents. */
export type ConfiguredStatus = 'ACTIVE' | 'PAUSED' | 'DELETED' | 'ARCHIVED';
export const CONFIGURED_STATUSES: readonly ConfiguredStatus[] = ['ACTIVE', 'PAUSED', 'DELETED', 'ARCHIVED'];

/** The 12 `effective_status` values Meta lists for ads (campaigns and ad sets use a subset). */
export const EFFECTIVE_STATUSES = [
  'ACTIVE',
  'PAUSED',
  'DELETED',
  'PENDING_REVIEW',
  'DISAPPROVED',
  'PREAPPROVED',
  'PENDING_BILLING_INFO',
  'CAMPAIGN_PAUSED',
  'ARCHIVED',
  'ADSET_PAUSED',
  'IN_PROCESS',
  'WITH_ISSUES',
] as const;
export type EffectiveStatus = (typeof EFFECTIVE_STATUSES)[number];

export type AdObjectKind = 'campaign' | 'adset' | 'ad';

interface AdObjectBase {
  id: string;
  /** `act_{id}` of the owning ad account. */
  adAccountId: string;
  name: string;
  status: ConfiguredStatus;
  /** Epoch ms. */
  createdMs: number;
  updatedMs: number;
  labelIds: IdList;
}

/** Budgets and bids are integers in the account currency's minor unit. */
export interface CampaignRecord extends AdObjectBase {
  objective: string;
  specialAdCategories: string[];
  dailyBudget?: number;
  lifetimeBudget?: number;
  bidStrategy?: string;
  spendCap?: number;
  isAdsetBudgetSharingEnabled?: boolean;
  startTime?: string;
  stopTime?: string;
}

export interface AdSetRecord extends AdObjectBase {
  campaignId: string;
  dailyBudget?: number;
  lifetimeBudget?: number;
  bidStrategy?: string;
  bidAmount?: number;
  billingEvent?: string;
  optimizationGoal?: string;
  targeting: Record<string, unknown>;
  startTime?: string;
  endTime?: string;
  promotedObject?: Record<string, unknown>;
  dsaBeneficiary?: string;
  dsaPayor?: string;
  /** `attribution_spec`; absent means Meta's default (7-day click + 1-day view). */
  attribution?: AttributionSetting;
  /** Epoch ms of the budget changes in the current limit window (Meta allows 4 an hour). */
  budgetChangesMs: number[];
  /** Epoch ms until which budget changes are refused after the limit was hit. */
  budgetBlockedUntilMs?: number;
}

/** Meta's review of an ad: pending until `decidedAtMs`, then approved unless disapproved. */
export interface AdReview {
  decidedAtMs: number;
  disapproved?: { summary: string; message: string; placement?: string };
}

export interface AdRecord extends AdObjectBase {
  adsetId: string;
  campaignId: string;
  creativeId: string;
  review: AdReview;
}

export interface AdLabelRecord {
  id: string;
  adAccountId: string;
  name: string;
  createdMs: number;
  updatedMs: number;
}

/** Per ad account: its objects in creation order and how many creates Meta accepted. */
export interface AccountAdObjects {
  campaigns: IdList;
  adsets: IdList;
  ads: IdList;
  labels: IdList;
  createCalls: Record<AdObjectKind | 'adlabel', number>;
}

export function emptyAccountObjects(): AccountAdObjects {
  return {
    campaigns: new IdList(),
    adsets: new IdList(),
    ads: new IdList(),
    labels: new IdList(),
    createCalls: { campaign: 0, adset: 0, ad: 0, adlabel: 0 },
  };
}
