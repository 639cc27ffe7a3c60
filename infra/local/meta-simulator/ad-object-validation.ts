import { formatMinorUnits, minimumDailyBudget } from './ad-budget-minimums';
import {
  adSetBudgetRequired,
  bidAmountRequired,
  bothBudgetKinds,
  budgetOnBothLevels,
  budgetSharingFlagRequired,
  budgetTooLow,
  dsaBeneficiaryMissing,
  dsaPayorMissing,
  legacyObjective,
  missingLocation,
  notOneOf,
  OUTCOME_OBJECTIVES,
  requiredParameter,
  retiredField,
} from './ad-object-errors';
import {
  booleanParam,
  integerParam,
  jsonObjectParam,
  stringArrayParam,
  stringParam,
} from './ad-object-params';
import { CONFIGURED_STATUSES, type ConfiguredStatus } from './ad-object-records';
import { type AttributionSetting, attributionParam } from './insights-attribution';

/**
 * Meta's checks on campaign, ad set and ad writes, as pure functions of the parameters and the
 * parents: each returns the values to store or throws Meta's GraphError. Every check runs for
 * `validate_only` too; nothing here touches the world.
 */

export const BID_STRATEGIES = [
  'LOWEST_COST_WITHOUT_CAP',
  'LOWEST_COST_WITH_BID_CAP',
  'COST_CAP',
  'LOWEST_COST_WITH_MIN_ROAS',
] as const;
const CAPPED_STRATEGIES = new Set(['LOWEST_COST_WITH_BID_CAP', 'COST_CAP']);
const SPECIAL_AD_CATEGORIES = [
  'NONE',
  'EMPLOYMENT',
  'HOUSING',
  'CREDIT',
  'ISSUES_ELECTIONS_POLITICS',
  'ONLINE_GAMBLING_AND_GAMING',
  'FINANCIAL_PRODUCTS_SERVICES',
];
/** Fields Meta no longer takes on any version. */
const RETIRED_FIELDS = ['smart_promotion_type'];
/** The EU member states: targeting any of them makes the ad set DSA-regulated. */
export const EU_COUNTRIES = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
]);
const GEO_KEYS = [
  'countries',
  'regions',
  'cities',
  'zips',
  'geo_markets',
  'country_groups',
  'custom_locations',
  'places',
];

export interface AccountContext {
  currency: string;
}

/** The budget-bearing fields of a campaign (what an ad set's checks need of its parent). */
export interface CampaignBudgetView {
  dailyBudget?: number;
  lifetimeBudget?: number;
  bidStrategy?: string;
}

export interface CampaignDraft extends CampaignBudgetView {
  name: string;
  objective: string;
  specialAdCategories: string[];
  status: ConfiguredStatus;
  spendCap?: number;
  isAdsetBudgetSharingEnabled?: boolean;
  startTime?: string;
  stopTime?: string;
}

export interface AdSetDraft {
  name: string;
  status: ConfiguredStatus;
  dailyBudget?: number;
  lifetimeBudget?: number;
  bidStrategy?: string;
  bidAmount?: number;
  billingEvent: string;
  optimizationGoal?: string;
  targeting: Record<string, unknown>;
  startTime?: string;
  endTime?: string;
  promotedObject?: Record<string, unknown>;
  dsaBeneficiary?: string;
  dsaPayor?: string;
  attribution?: AttributionSetting;
}

export interface AdDraft {
  name: string;
  status: ConfiguredStatus;
  creativeId: string;
}

function rejectRetired(params: URLSearchParams): void {
  for (const name of RETIRED_FIELDS) if (params.has(name)) throw retiredField(name);
}

function required(params: URLSearchParams, name: string): string {
  const value = stringParam(params, name);
  if (value === undefined || value.trim() === '') throw requiredParameter(name);
  return value;
}

export function statusParam(
  params: URLSearchParams,
  fallback?: ConfiguredStatus,
): ConfiguredStatus | undefined {
  const raw = stringParam(params, 'status');
  if (raw === undefined) return fallback;
  if (!(CONFIGURED_STATUSES as readonly string[]).includes(raw))
    throw notOneOf('status', CONFIGURED_STATUSES);
  return raw as ConfiguredStatus;
}

function bidStrategyParam(params: URLSearchParams): string | undefined {
  const raw = stringParam(params, 'bid_strategy');
  if (raw !== undefined && !(BID_STRATEGIES as readonly string[]).includes(raw))
    throw notOneOf('bid_strategy', BID_STRATEGIES);
  return raw;
}

/** A budget at or above the currency's minimum; both kinds at once are refused. */
export function checkBudgets(
  daily: number | undefined,
  lifetime: number | undefined,
  level: 'campaign' | 'ad set',
  account: AccountContext,
): void {
  if (daily !== undefined && lifetime !== undefined) throw bothBudgetKinds();
  const amount = daily ?? lifetime;
  const minimum = minimumDailyBudget(account.currency);
  if (amount !== undefined && amount < minimum)
    throw budgetTooLow(level, formatMinorUnits(minimum, account.currency));
}

/** True when the targeting reaches an EU member state (countries or the `eu` group). */
export function targetsEu(targeting: Record<string, unknown>): boolean {
  const geo = targeting.geo_locations;
  if (typeof geo !== 'object' || geo === null) return false;
  const { countries, country_groups: groups } = geo as Record<string, unknown>;
  if (
    Array.isArray(countries) &&
    countries.some((c) => typeof c === 'string' && EU_COUNTRIES.has(c.toUpperCase()))
  )
    return true;
  return Array.isArray(groups) && groups.some((g) => g === 'eu' || g === 'europe');
}

/** `targeting.geo_locations` with at least one location (Meta's 1885364 otherwise). */
export function checkTargeting(targeting: Record<string, unknown> | undefined): Record<string, unknown> {
  const geo = targeting?.geo_locations;
  if (!targeting || typeof geo !== 'object' || geo === null) throw missingLocation();
  const hasLocation = GEO_KEYS.some((key) => {
    const value = (geo as Record<string, unknown>)[key];
    return Array.isArray(value) && value.length > 0;
  });
  if (!hasLocation) throw missingLocation();
  return targeting;
}

/** Meta does not fill DSA fields from the account defaults: the caller must send them. */
export function checkDsa(targeting: Record<string, unknown>, beneficiary?: string, payor?: string): void {
  if (!targetsEu(targeting)) return;
  if (!beneficiary) throw dsaBeneficiaryMissing();
  if (!payor) throw dsaPayorMissing();
}

export function parseCampaignCreate(params: URLSearchParams, account: AccountContext): CampaignDraft {
  rejectRetired(params);
  const name = required(params, 'name');
  const objective = required(params, 'objective');
  if (!(OUTCOME_OBJECTIVES as readonly string[]).includes(objective)) throw legacyObjective();
  const specialAdCategories = stringArrayParam(params, 'special_ad_categories');
  if (specialAdCategories === undefined) throw requiredParameter('special_ad_categories');
  for (const category of specialAdCategories)
    if (!SPECIAL_AD_CATEGORIES.includes(category))
      throw notOneOf('special_ad_categories', SPECIAL_AD_CATEGORIES);
  const dailyBudget = integerParam(params, 'daily_budget');
  const lifetimeBudget = integerParam(params, 'lifetime_budget');
  checkBudgets(dailyBudget, lifetimeBudget, 'campaign', account);
  const sharing = booleanParam(params, 'is_adset_budget_sharing_enabled');
  if (dailyBudget === undefined && lifetimeBudget === undefined && sharing === undefined)
    throw budgetSharingFlagRequired();
  return {
    name,
    objective,
    specialAdCategories,
    status: statusParam(params, 'ACTIVE') ?? 'ACTIVE',
    dailyBudget,
    lifetimeBudget,
    bidStrategy: bidStrategyParam(params),
    spendCap: integerParam(params, 'spend_cap'),
    isAdsetBudgetSharingEnabled: sharing,
    startTime: stringParam(params, 'start_time'),
    stopTime: stringParam(params, 'stop_time'),
  };
}

function hasBudget(view: CampaignBudgetView): boolean {
  return view.dailyBudget !== undefined || view.lifetimeBudget !== undefined;
}

/** The budget and bid rules between an ad set and its campaign (create and update alike). */
export function checkAdSetBudgetAndBid(
  adset: { dailyBudget?: number; lifetimeBudget?: number; bidStrategy?: string; bidAmount?: number },
  campaign: CampaignBudgetView,
  account: AccountContext,
): void {
  const adsetHasBudget = adset.dailyBudget !== undefined || adset.lifetimeBudget !== undefined;
  if (hasBudget(campaign) && adsetHasBudget) throw budgetOnBothLevels();
  if (!hasBudget(campaign) && !adsetHasBudget) throw adSetBudgetRequired();
  checkBudgets(adset.dailyBudget, adset.lifetimeBudget, 'ad set', account);
  const strategy = adset.bidStrategy ?? campaign.bidStrategy;
  if (strategy !== undefined && CAPPED_STRATEGIES.has(strategy) && adset.bidAmount === undefined)
    throw bidAmountRequired(strategy);
}

export function parseAdSetCreate(
  params: URLSearchParams,
  campaign: CampaignBudgetView,
  account: AccountContext,
): AdSetDraft {
  rejectRetired(params);
  const name = required(params, 'name');
  const targeting = checkTargeting(jsonObjectParam(params, 'targeting'));
  const billingEvent = required(params, 'billing_event');
  const draft: AdSetDraft = {
    name,
    status: statusParam(params, 'ACTIVE') ?? 'ACTIVE',
    dailyBudget: integerParam(params, 'daily_budget'),
    lifetimeBudget: integerParam(params, 'lifetime_budget'),
    bidStrategy: bidStrategyParam(params),
    bidAmount: integerParam(params, 'bid_amount'),
    billingEvent,
    optimizationGoal: stringParam(params, 'optimization_goal'),
    targeting,
    startTime: stringParam(params, 'start_time'),
    endTime: stringParam(params, 'end_time'),
    promotedObject: jsonObjectParam(params, 'promoted_object'),
    dsaBeneficiary: stringParam(params, 'dsa_beneficiary'),
    dsaPayor: stringParam(params, 'dsa_payor'),
    attribution: attributionParam(params),
  };
  checkAdSetBudgetAndBid(draft, campaign, account);
  checkDsa(targeting, draft.dsaBeneficiary, draft.dsaPayor);
  return draft;
}

/** `creative={"creative_id":"…"}` (Meta's form) or `{"id":"…"}`. */
export function parseCreative(params: URLSearchParams): string {
  const creative = jsonObjectParam(params, 'creative');
  if (creative === undefined) throw requiredParameter('creative');
  const id = creative.creative_id ?? creative.id;
  if (typeof id !== 'string' && typeof id !== 'number') throw requiredParameter('creative');
  return String(id);
}

export function parseAdCreate(params: URLSearchParams): AdDraft {
  rejectRetired(params);
  return {
    name: required(params, 'name'),
    status: statusParam(params, 'ACTIVE') ?? 'ACTIVE',
    creativeId: parseCreative(params),
  };
}
