import { fieldError } from './field-error';
import type { ManagedObject } from './managed-object';
import { euCountriesOf, type MetaTargeting } from './meta-targeting';

/**
 * The rules Meta would refuse a write for, checked before Meta is called so the marketer (or
 * agent) learns which field to fix: each throws a 400 naming the field (shared/domain/field-error.ts).
 */

interface Budgets {
  dailyBudget?: number;
  lifetimeBudget?: number;
}

/** Whether a campaign carries the budget (Advantage campaign budget): then its ad sets cannot. */
export function hasBudget(object: Budgets): boolean {
  return (object.dailyBudget ?? 0) > 0 || (object.lifetimeBudget ?? 0) > 0;
}

/** A budget, bid or cap of 0 is no amount at all: Meta refuses it below its minimum. */
export function requirePositiveAmounts(body: Record<string, unknown>, fields: readonly string[]): void {
  for (const field of fields) {
    if (body[field] === 0) throw fieldError(field, 'must be more than 0 (whole minor units, cents for USD)');
  }
}

/** Daily or lifetime, never both (Meta keeps one budget per object). */
export function requireOneBudgetKind(body: Budgets): void {
  if (body.dailyBudget !== undefined && body.lifetimeBudget !== undefined) {
    throw fieldError('lifetimeBudget', 'cannot be set together with dailyBudget: choose one budget');
  }
}

/** The budget lives on the campaign or on its ad sets, never both (Meta subcode 1885621). */
export function refuseAdSetBudgetUnderCampaignBudget(body: Budgets, campaignHasBudget: boolean): void {
  if (!campaignHasBudget) return;
  for (const field of ['dailyBudget', 'lifetimeBudget'] as const) {
    if (body[field] !== undefined) {
      throw fieldError(field, 'the campaign has a budget (campaign budget); its ad sets cannot have one');
    }
  }
}

/** The bid strategy sits where the budget is: on the ad set only when the campaign has none. */
export function refuseAdSetBidStrategyUnderCampaignBudget(
  bidStrategy: string | undefined,
  campaignHasBudget: boolean,
): void {
  if (bidStrategy !== undefined && campaignHasBudget) {
    throw fieldError(
      'bidStrategy',
      "the campaign has a budget (campaign budget), so the bid strategy is the campaign's; set it there",
    );
  }
}

const STRATEGIES_WITH_BID = new Set(['LOWEST_COST_WITH_BID_CAP', 'COST_CAP']);

/** Bid-cap and cost-cap strategies need `bid_amount` (Meta subcode 2490487). */
export function requireBidAmountForStrategy(
  strategy: string | undefined,
  bidAmount: number | undefined,
): void {
  if (strategy !== undefined && STRATEGIES_WITH_BID.has(strategy) && bidAmount === undefined) {
    throw fieldError('bidAmount', `is required with the bid strategy ${strategy}`);
  }
}

/** The end of a schedule comes after its start. */
export function requireEndAfterStart(
  start: string | undefined,
  end: string | undefined,
  endField: 'endTime' | 'stopTime',
): void {
  if (start === undefined || end === undefined) return;
  if (Date.parse(end) <= Date.parse(start)) throw fieldError(endField, 'must be after startTime');
}

/** A lifetime budget is spread over the schedule, so Meta needs its end. */
export function requireEndForLifetimeBudget(
  lifetimeBudget: number | undefined,
  end: string | undefined,
): void {
  if (lifetimeBudget !== undefined && end === undefined) {
    throw fieldError('endTime', 'is required with a lifetimeBudget (Meta spreads it up to the end)');
  }
}

/** An object DELETED or ARCHIVED takes no new children. */
export function requireLiveParent(parent: ManagedObject, field: 'campaignId' | 'adSetId'): void {
  if (parent.status === 'DELETED' || parent.status === 'ARCHIVED') {
    throw fieldError(field, `names a ${parent.level} that is ${parent.status}`);
  }
}

/** Who the EU ads are for and who pays for them (Digital Services Act), as Meta is sent them. */
export interface DsaParties {
  dsaBeneficiary?: string;
  dsaPayor?: string;
}

/** The ad account's defaults for the DSA parties (`default_dsa_beneficiary` / `default_dsa_payor`). */
export interface AccountWriteFacts {
  currency: string;
  defaultDsaBeneficiary?: string;
  defaultDsaPayor?: string;
}

/** The DSA parties an ad set will carry, and which of them EU/EEA targeting still lacks. */
export interface DsaResolution {
  parties: DsaParties;
  /** EU/EEA countries the targeting names; empty when the DSA does not apply. */
  euCountries: string[];
  missing: (keyof DsaParties)[];
}

/** The DSA parties for an ad set: the given ones, or else the ad account's defaults. */
export function resolveDsaParties(
  targeting: MetaTargeting | undefined,
  given: DsaParties,
  account: Partial<AccountWriteFacts>,
): DsaResolution {
  const parties: DsaParties = {
    dsaBeneficiary: given.dsaBeneficiary ?? account.defaultDsaBeneficiary,
    dsaPayor: given.dsaPayor ?? account.defaultDsaPayor,
  };
  const euCountries = euCountriesOf(targeting);
  const missing =
    euCountries.length === 0
      ? []
      : (['dsaBeneficiary', 'dsaPayor'] as const).filter((field) => parties[field] === undefined);
  return { parties, euCountries, missing };
}

/**
 * The DSA parties for a new ad set: the body's, or else the ad account's defaults. Targeting an
 * EU/EEA country without both → 400 naming the missing field(s) and the countries.
 */
export function dsaParties(
  targeting: MetaTargeting | undefined,
  given: DsaParties,
  account: Partial<AccountWriteFacts>,
): DsaParties {
  const { parties, euCountries, missing } = resolveDsaParties(targeting, given, account);
  const [first, ...rest] = missing.map((field): [string, string] => [
    field,
    `is required when targeting the EU/EEA (${euCountries.join(', ')}), and the ad account has no default`,
  ]);
  if (first) throw fieldError(first[0], first[1], ...rest);
  return parties;
}
