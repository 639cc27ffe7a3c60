import { UnprocessableError } from '../platform/errors';
import type { SpendCaps } from './controls';
import { isLive, type ManagedObject } from './managed-object';
import { formatMoney, sumMoney } from './money';

/** What a cap compares: a campaign or ad set, mirrored, or as a mutation will leave it (no id on create). */
export type CappedObject = Pick<
  ManagedObject,
  'level' | 'status' | 'adAccountId' | 'currency' | 'dailyBudget' | 'lifetimeBudget' | 'campaignId'
> & { id?: string };

export type CapRule = 'adAccountDaily' | 'campaignDaily' | 'campaignLifetime';

/** A cap a mutation would pass (DESIGN §5: 422 `spend_cap_exceeded` with cap, current and requested). */
export interface CapBreach {
  rule: CapRule;
  cap: number;
  /** The sum before the change, whole minor units. */
  current: number;
  /** The sum after it. */
  requested: number;
  currency: string;
  adAccountId: string;
  /** The campaign a campaign cap concerns; absent for a campaign not yet created. */
  campaignId?: string;
}

/** A mutation of one object: `before` absent on create; a delete's `after` is DELETED. */
export interface BudgetChange {
  before?: CappedObject;
  after: CappedObject;
}

/**
 * The first cap the change would breach (DESIGN §5 "Caps at mutation time"), or `undefined`.
 * `adAccountDaily` is compared with the sum of the daily budgets of the account's live
 * campaigns and ad sets; `campaignDaily` / `campaignLifetime` with the campaign's own budget,
 * or the sum of its live ad sets' when it has none. `current` sums the account as mirrored,
 * `requested` the same set with `before` replaced by `after` (or `after` added on create). A
 * change is refused only when `requested` passes the cap and is above `current`: lowering or
 * keeping a sum is never refused, even under a cap lowered below it.
 * @param account the account's mirrored campaigns and ad sets (ads are ignored)
 */
export function spendCapBreach(
  caps: SpendCaps,
  change: BudgetChange,
  account: readonly CappedObject[],
): CapBreach | undefined {
  const { after } = change;
  if (after.level === 'ad') return undefined;
  const beforeSet = account.filter(
    (object) => object.level !== 'ad' && object.adAccountId === after.adAccountId,
  );
  const afterSet = [...beforeSet.filter((object) => !isSameObject(object, change)), after];
  const base = { currency: after.currency, adAccountId: after.adAccountId };

  const accountCap = caps.adAccountDaily?.[after.adAccountId];
  if (accountCap !== undefined) {
    const current = accountDaily(beforeSet, base.currency);
    const requested = accountDaily(afterSet, base.currency);
    if (breaches(accountCap, current, requested)) {
      return { rule: 'adAccountDaily', cap: accountCap, current, requested, ...base };
    }
  }

  const campaignAfter = after.level === 'campaign' ? after : findCampaign(afterSet, after.campaignId);
  const campaignId = after.level === 'campaign' ? after.id : after.campaignId;
  const campaignRules = [
    ['campaignDaily', caps.campaignDaily, 'dailyBudget'],
    ['campaignLifetime', caps.campaignLifetime, 'lifetimeBudget'],
  ] as const;
  for (const [rule, cap, field] of campaignRules) {
    if (cap === undefined) continue;
    const campaignBefore = after.level === 'campaign' ? change.before : findCampaign(beforeSet, campaignId);
    const current = campaignBudget(beforeSet, campaignBefore, campaignId, field, base.currency);
    const requested = campaignBudget(afterSet, campaignAfter, campaignId, field, base.currency);
    if (breaches(cap, current, requested)) {
      return { rule, cap, current, requested, ...base, ...(campaignId === undefined ? {} : { campaignId }) };
    }
  }
  return undefined;
}

function breaches(cap: number, current: number, requested: number): boolean {
  return requested > cap && requested > current;
}

function isSameObject(object: CappedObject, change: BudgetChange): boolean {
  const id = change.before?.id ?? change.after.id;
  return id !== undefined && object.id === id && object.level === change.after.level;
}

function findCampaign(
  set: readonly CappedObject[],
  campaignId: string | undefined,
): CappedObject | undefined {
  if (campaignId === undefined) return undefined;
  return set.find((object) => object.level === 'campaign' && object.id === campaignId);
}

/**
 * Whether an object spends: live itself, and for an ad set, under a campaign that is live when
 * the mirror knows it (Meta deletes an ad set with its campaign, before the mirror hears of it).
 */
function counts(object: CappedObject, set: readonly CappedObject[]): boolean {
  if (!isLive(object)) return false;
  if (object.level !== 'adset') return true;
  const campaign = findCampaign(set, object.campaignId);
  return campaign === undefined || isLive(campaign);
}

function accountDaily(set: readonly CappedObject[], currency: string): number {
  const daily = set.filter((object) => counts(object, set)).map((object) => object.dailyBudget ?? 0);
  return total(daily, currency);
}

/** A campaign's budget of one kind: its own, or the sum of its live ad sets' when it has none of that kind. */
function campaignBudget(
  set: readonly CappedObject[],
  campaign: CappedObject | undefined,
  campaignId: string | undefined,
  field: 'dailyBudget' | 'lifetimeBudget',
  currency: string,
): number {
  if (campaign !== undefined && !isLive(campaign)) return 0;
  const own = campaign?.[field];
  if (own !== undefined && own > 0) return own;
  if (campaignId === undefined) return 0;
  const adSets = set.filter((object) => object.level === 'adset' && object.campaignId === campaignId);
  return total(
    adSets.filter((adSet) => isLive(adSet)).map((adSet) => adSet[field] ?? 0),
    currency,
  );
}

function total(minors: readonly number[], currency: string): number {
  return sumMoney(
    minors.map((minor) => ({ minor, currency })),
    currency,
  ).minor;
}

const RULE_WORDS: Record<CapRule, { what: (breach: CapBreach) => string; perDay: boolean }> = {
  adAccountDaily: { what: (b) => `the daily budgets of ad account ${b.adAccountId}`, perDay: true },
  campaignDaily: { what: (b) => `the daily budget of campaign ${b.campaignId ?? '(new)'}`, perDay: true },
  campaignLifetime: {
    what: (b) => `the lifetime budget of campaign ${b.campaignId ?? '(new)'}`,
    perDay: false,
  },
};

/**
 * The 422 `spend_cap_exceeded` a breach answers, with the amounts formatted in the account's
 * currency so a marketer and an agent read them alike.
 * @example spendCapError(breach).message
 * // 'This change would raise the daily budgets of ad account act_1 to $60.00/day, over the cap of $50.00 (now $40.00/day; at most $10.00/day more fits).'
 */
export function spendCapError(breach: CapBreach): UnprocessableError {
  const format = (minor: number) => formatMoney({ minor, currency: breach.currency });
  // What would still be allowed: the sum may grow by this much before it reaches the cap.
  const headroom = Math.max(0, breach.cap - breach.current);
  const formatted = {
    cap: format(breach.cap),
    current: format(breach.current),
    requested: format(breach.requested),
    headroom: format(headroom),
  };
  const words = RULE_WORDS[breach.rule];
  const unit = words.perDay ? '/day' : '';
  return new UnprocessableError(
    `This change would raise ${words.what(breach)} to ${formatted.requested}${unit}, over the cap of ${formatted.cap} (now ${formatted.current}${unit}; at most ${formatted.headroom}${unit} more fits).`,
    {
      code: 'spend_cap_exceeded',
      details: {
        rule: breach.rule,
        cap: breach.cap,
        current: breach.current,
        requested: breach.requested,
        headroom,
        currency: breach.currency,
        formatted,
        adAccountId: breach.adAccountId,
        ...(breach.campaignId === undefined ? {} : { campaignId: breach.campaignId }),
      },
    },
  );
}
