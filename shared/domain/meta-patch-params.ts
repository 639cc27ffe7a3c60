import { UnprocessableError } from '../platform/errors';
import {
  type AccountWriteFacts,
  hasBudget,
  refuseAdSetBidStrategyUnderCampaignBudget,
  refuseAdSetBudgetUnderCampaignBudget,
  requireBidAmountForStrategy,
  requireEndAfterStart,
  requireEndForLifetimeBudget,
  requireOneBudgetKind,
  requirePositiveAmounts,
  resolveDsaParties,
} from './ad-object-write-rules';
import { fieldError } from './field-error';
import type { ManagedLevel, ManagedObject } from './managed-object';
import { definedParams, type GraphParams, minorParam } from './meta-graph-params';
import { advantageAudienceOf, type MetaTargeting, targetingParam } from './meta-targeting';

/**
 * A PATCH body of any level once its amounts are whole minor units: `CampaignPatch`,
 * `AdSetPatch` and `AdPatch` (shared/contracts/ad-object-schemas.ts) after resolveAmounts.
 */
export interface AdObjectPatch {
  name?: string;
  status?: 'ACTIVE' | 'PAUSED';
  dailyBudget?: number;
  lifetimeBudget?: number;
  bidStrategy?: string;
  bidAmount?: number;
  spendCap?: number;
  /** The body's targeting (camelCase keys, as the schema hands it over). */
  targeting?: Record<string, unknown>;
  advantageAudience?: boolean;
  endTime?: string;
  creativeId?: string;
}

/** The editable subset of each level (DESIGN §5: PATCH takes the editable subset). */
export const EDITABLE_FIELDS: Record<ManagedLevel, readonly (keyof AdObjectPatch)[]> = {
  campaign: ['name', 'status', 'dailyBudget', 'lifetimeBudget', 'bidStrategy', 'spendCap'],
  adset: [
    'name',
    'status',
    'dailyBudget',
    'lifetimeBudget',
    'bidStrategy',
    'bidAmount',
    'targeting',
    'advantageAudience',
    'endTime',
  ],
  ad: ['name', 'status', 'creativeId'],
};

/** What the rules of an ad set edit need beyond the object: its campaign and its ad account. */
export interface PatchContext {
  /** The ad set's campaign; without it, an ad set with no budget is taken to be under a campaign budget. */
  campaign?: ManagedObject;
  /** The DSA defaults, when new targeting reaches the EU/EEA. */
  account?: Partial<AccountWriteFacts>;
}

/**
 * `POST /{id}` params of a PATCH, Meta's names, with the rules Meta would refuse checked first
 * (400 naming the field). A DELETED or ARCHIVED object takes no edit (422 `object_not_editable`).
 */
export function patchParams(
  level: ManagedLevel,
  patch: AdObjectPatch,
  before: ManagedObject,
  ctx: PatchContext = {},
): GraphParams {
  refuseEditOfDeadObject(before);
  for (const [field, value] of Object.entries(patch)) {
    if (value !== undefined && !(EDITABLE_FIELDS[level] as readonly string[]).includes(field)) {
      throw fieldError(field, `cannot be changed on a ${level}`);
    }
  }
  requireOneBudgetKind(patch);
  requirePositiveAmounts(patch as Record<string, unknown>, [
    'dailyBudget',
    'lifetimeBudget',
    'bidAmount',
    'spendCap',
  ]);
  refuseBudgetKindSwitch(patch, before);
  const common = { name: patch.name, status: patch.status };
  if (level === 'ad') {
    return definedParams({
      ...common,
      creative: patch.creativeId === undefined ? undefined : { creative_id: patch.creativeId },
    });
  }
  const budgets = {
    daily_budget: minorParam(patch.dailyBudget),
    lifetime_budget: minorParam(patch.lifetimeBudget),
    bid_strategy: patch.bidStrategy,
  };
  if (level === 'campaign') {
    campaignRules(patch, before);
    return definedParams({ ...common, ...budgets, spend_cap: minorParam(patch.spendCap) });
  }
  adSetRules(patch, before, ctx);
  return definedParams({
    ...common,
    ...budgets,
    bid_amount: minorParam(patch.bidAmount),
    end_time: patch.endTime,
    ...adSetTargetingParams(patch, before, ctx),
  });
}

function refuseEditOfDeadObject(before: ManagedObject): void {
  if (before.status === 'DELETED' || before.status === 'ARCHIVED') {
    throw new UnprocessableError(
      `The ${before.level} ${before.id} is ${before.status}: Meta takes no edit of it.`,
      {
        code: 'object_not_editable',
        details: { id: before.id, level: before.level, status: before.status },
      },
    );
  }
}

/** Meta keeps the kind of budget an object started with: daily stays daily, lifetime stays lifetime. */
function refuseBudgetKindSwitch(patch: AdObjectPatch, before: ManagedObject): void {
  if ((before.dailyBudget ?? 0) > 0 && patch.lifetimeBudget !== undefined) {
    throw fieldError(
      'lifetimeBudget',
      'cannot replace the daily budget: Meta does not switch a daily budget to lifetime',
    );
  }
  if ((before.lifetimeBudget ?? 0) > 0 && patch.dailyBudget !== undefined) {
    throw fieldError(
      'dailyBudget',
      'cannot replace the lifetime budget: Meta does not switch a lifetime budget to daily',
    );
  }
}

function campaignRules(patch: AdObjectPatch, before: ManagedObject): void {
  if (!hasBudget(before)) {
    for (const field of ['dailyBudget', 'lifetimeBudget'] as const) {
      if (patch[field] !== undefined) {
        throw fieldError(
          field,
          "cannot be added: the campaign's ad sets carry the budgets (budget on both is refused by Meta)",
        );
      }
    }
    if (patch.bidStrategy !== undefined) {
      throw fieldError('bidStrategy', 'on a campaign needs a campaign budget; set it on its ad sets');
    }
  }
}

function adSetRules(patch: AdObjectPatch, before: ManagedObject, ctx: PatchContext): void {
  // Without the campaign at hand: an ad set with no budget of its own lives under a campaign budget.
  const campaignHasBudget = ctx.campaign ? hasBudget(ctx.campaign) : !hasBudget(before);
  refuseAdSetBudgetUnderCampaignBudget(patch, campaignHasBudget);
  refuseAdSetBidStrategyUnderCampaignBudget(patch.bidStrategy, campaignHasBudget);
  // Checked on what the edit touches: a rename never fails on a gap the mirror already had.
  if (patch.bidStrategy !== undefined)
    requireBidAmountForStrategy(patch.bidStrategy, patch.bidAmount ?? before.bidAmount);
  if (patch.endTime !== undefined) requireEndAfterStart(before.startTime, patch.endTime, 'endTime');
  if (patch.lifetimeBudget !== undefined) {
    requireEndForLifetimeBudget(patch.lifetimeBudget, patch.endTime ?? before.endTime);
  }
}

/**
 * The targeting Meta is sent, whole (Meta replaces it), with `targeting_automation` kept or
 * written; EU/EEA targeting brings the DSA parties the ad set lacks, from the account defaults.
 */
function adSetTargetingParams(patch: AdObjectPatch, before: ManagedObject, ctx: PatchContext): GraphParams {
  const targeting = patchedTargeting(patch, before);
  if (targeting === undefined) return {};
  const dsa = resolveDsaParties(targeting, before, ctx.account ?? {});
  if (dsa.missing.length > 0) {
    throw fieldError(
      'targeting',
      `reaches the EU/EEA (${dsa.euCountries.join(', ')}), which needs ${dsa.missing.join(' and ')}: the ad set has none and the ad account no default`,
    );
  }
  return {
    targeting,
    dsa_beneficiary: before.dsaBeneficiary === undefined ? dsa.parties.dsaBeneficiary : undefined,
    dsa_payor: before.dsaPayor === undefined ? dsa.parties.dsaPayor : undefined,
  };
}

/**
 * The ad set's targeting after an edit of `targeting` or `advantageAudience`, Meta's names, with
 * `targeting_automation.advantage_audience` from the edit, else the new spec's own, else the one
 * before; `undefined` when the edit touches neither.
 */
export function patchedTargeting(patch: AdObjectPatch, before: ManagedObject): MetaTargeting | undefined {
  if (patch.targeting === undefined && patch.advantageAudience === undefined) return undefined;
  const base = patch.targeting ?? before.targeting;
  if (base === undefined) {
    throw fieldError(
      'advantageAudience',
      "cannot be changed alone: the ad set's targeting is not known; send targeting too",
    );
  }
  const optedIn =
    patch.advantageAudience ?? ownAdvantageAudience(base) ?? advantageAudienceOf(before.targeting);
  return targetingParam(base, optedIn);
}

/** The Advantage+ audience flag a targeting spec itself carries, camelCase or Meta's. */
function ownAdvantageAudience(targeting: Record<string, unknown>): boolean | undefined {
  const automation = targeting.targetingAutomation ?? targeting.targeting_automation;
  if (automation === null || typeof automation !== 'object') return undefined;
  const flag =
    (automation as Record<string, unknown>).advantageAudience ??
    (automation as Record<string, unknown>).advantage_audience;
  return flag === undefined ? undefined : flag === 1 || flag === true;
}
