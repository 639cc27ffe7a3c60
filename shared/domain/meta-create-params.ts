import type { AdCreate, AdSetCreate, CampaignCreate } from '../contracts/ad-object-schemas';
import {
  type AccountWriteFacts,
  dsaParties,
  hasBudget,
  refuseAdSetBidStrategyUnderCampaignBudget,
  refuseAdSetBudgetUnderCampaignBudget,
  requireBidAmountForStrategy,
  requireEndAfterStart,
  requireEndForLifetimeBudget,
  requireLiveParent,
  requireOneBudgetKind,
  requirePositiveAmounts,
} from './ad-object-write-rules';
import type { AmountField, ResolvedAmounts } from './amounts';
import { fieldError } from './field-error';
import type { ManagedObject, ObjectStatus } from './managed-object';
import {
  adLabelsParam,
  definedParams,
  type GraphParams,
  minorParam,
  snakeKeysDeep,
} from './meta-graph-params';
import { targetingParam } from './meta-targeting';

/** The create bodies once their amounts are whole minor units (shared/domain/amounts.ts). */
export type ResolvedCampaignCreate = ResolvedAmounts<CampaignCreate, AmountField>;
export type ResolvedAdSetCreate = ResolvedAmounts<AdSetCreate, AmountField>;
export type ResolvedAdCreate = AdCreate;

export interface CampaignWriteContext {
  /** The create marker label (shared/domain/create-marker.ts). */
  marker?: string;
}

export interface AdSetWriteContext {
  campaign: ManagedObject;
  account: AccountWriteFacts;
  marker?: string;
}

export interface AdWriteContext {
  adSet: ManagedObject;
  marker?: string;
}

/** `specialAdCategories` as Meta takes it: `NONE` means the empty list. */
function specialAdCategoriesParam(categories: readonly string[]): string[] {
  const named = categories.filter((category) => category !== 'NONE');
  if (named.length > 0 && named.length < categories.length) {
    throw fieldError('specialAdCategories', 'cannot list NONE together with a category');
  }
  return named;
}

/**
 * `POST /act_{id}/campaigns` params. Names go to Meta exactly as written. Without a campaign
 * budget Meta (v24+) requires `is_adset_budget_sharing_enabled` (error 100 / 4834011): false
 * unless asked. Retired fields (`smart_promotion_type`, refused on every version since
 * 2026-05-19) are never sent.
 */
export function campaignCreateParams(body: ResolvedCampaignCreate, ctx: CampaignWriteContext): GraphParams {
  requireOneBudgetKind(body);
  requirePositiveAmounts(body, ['dailyBudget', 'lifetimeBudget', 'spendCap']);
  const campaignBudget = hasBudget(body);
  if (campaignBudget && body.adSetBudgetSharing !== undefined) {
    throw fieldError(
      'adSetBudgetSharing',
      'applies only to a campaign without a budget (budgets on its ad sets)',
    );
  }
  if (!campaignBudget && body.bidStrategy !== undefined) {
    throw fieldError(
      'bidStrategy',
      'on a campaign needs a campaign budget (dailyBudget or lifetimeBudget); otherwise set it on its ad sets',
    );
  }
  requireEndAfterStart(body.startTime, body.stopTime, 'stopTime');
  return definedParams({
    name: body.name,
    objective: body.objective,
    special_ad_categories: specialAdCategoriesParam(body.specialAdCategories),
    status: body.status,
    daily_budget: minorParam(body.dailyBudget),
    lifetime_budget: minorParam(body.lifetimeBudget),
    bid_strategy: body.bidStrategy,
    spend_cap: minorParam(body.spendCap),
    is_adset_budget_sharing_enabled: campaignBudget ? undefined : body.adSetBudgetSharing === true,
    start_time: body.startTime,
    stop_time: body.stopTime,
    adlabels: adLabelsParam(ctx.marker),
  });
}

/**
 * `POST /act_{id}/adsets` params, with the rules Meta would refuse checked first: the budget on
 * the campaign or on the ad set (never both, never neither), the bid strategy only where the
 * budget is, `bid_amount` for capped strategies, the schedule, and the DSA parties for EU
 * targeting. `targeting_automation.advantage_audience` is always written (0 unless opted in).
 */
export function adSetCreateParams(body: ResolvedAdSetCreate, ctx: AdSetWriteContext): GraphParams {
  const { campaign } = ctx;
  requireLiveParent(campaign, 'campaignId');
  requireOneBudgetKind(body);
  requirePositiveAmounts(body, ['dailyBudget', 'lifetimeBudget', 'bidAmount']);
  const campaignHasBudget = hasBudget(campaign);
  refuseAdSetBudgetUnderCampaignBudget(body, campaignHasBudget);
  if (!campaignHasBudget && !hasBudget(body)) {
    throw fieldError('dailyBudget', 'is required (or lifetimeBudget): the campaign has no budget of its own');
  }
  if (campaign.isAdsetBudgetSharingEnabled === true && body.lifetimeBudget !== undefined) {
    throw fieldError(
      'lifetimeBudget',
      "cannot be used: the campaign shares its ad sets' budgets, daily budgets only",
    );
  }
  refuseAdSetBidStrategyUnderCampaignBudget(body.bidStrategy, campaignHasBudget);
  requireBidAmountForStrategy(body.bidStrategy ?? campaign.bidStrategy, body.bidAmount);
  requireEndAfterStart(body.startTime, body.endTime, 'endTime');
  requireEndForLifetimeBudget(body.lifetimeBudget, body.endTime);
  const targeting = targetingParam(body.targeting, body.advantageAudience);
  const dsa = dsaParties(targeting, body, ctx.account);
  return definedParams({
    campaign_id: body.campaignId,
    name: body.name,
    billing_event: body.billingEvent,
    optimization_goal: body.optimizationGoal,
    targeting,
    daily_budget: minorParam(body.dailyBudget),
    lifetime_budget: minorParam(body.lifetimeBudget),
    bid_strategy: body.bidStrategy,
    bid_amount: minorParam(body.bidAmount),
    start_time: body.startTime,
    end_time: body.endTime,
    promoted_object: body.promotedObject && (snakeKeysDeep(body.promotedObject) as Record<string, unknown>),
    dsa_beneficiary: dsa.dsaBeneficiary,
    dsa_payor: dsa.dsaPayor,
    status: body.status,
    adlabels: adLabelsParam(ctx.marker),
  });
}

/** `POST /act_{id}/ads` params: the ad set, the name, the (immutable) creative by id. */
export function adCreateParams(body: ResolvedAdCreate, ctx: AdWriteContext): GraphParams {
  requireLiveParent(ctx.adSet, 'adSetId');
  return definedParams({
    adset_id: body.adSetId,
    name: body.name,
    creative: { creative_id: body.creativeId },
    status: body.status,
    adlabels: adLabelsParam(ctx.marker),
  });
}

/** `POST /{id}` params of a pause, a resume, or a delete by status. */
export function statusParams(status: ObjectStatus): GraphParams {
  return { status };
}
