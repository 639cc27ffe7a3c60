/**
 * The campaigns, ad sets and ads this system manages, as the mirror keeps them and the API
 * answers them. Money fields are whole minor units of `currency` (the ad account's); Meta's
 * names stay on the wire to Meta (shared/domain/meta-write-params.ts maps them).
 */

export const managedLevels = ['campaign', 'adset', 'ad'] as const;
export type ManagedLevel = (typeof managedLevels)[number];

/** The status a writer sets (`configured_status` at Meta). */
export const objectStatuses = ['ACTIVE', 'PAUSED', 'DELETED', 'ARCHIVED'] as const;
export type ObjectStatus = (typeof objectStatuses)[number];

/** What a mutation does, as the agent-control matrix names it (DESIGN §5 Controls). */
export const mutationActions = ['create', 'update', 'pause', 'resume', 'delete', 'budget'] as const;
export type MutationAction = (typeof mutationActions)[number];

/** Who acted: a signed-in user, an agent acting for them, or the system itself (spend guard). */
export type ActorKind = 'user' | 'agent' | 'system';
export interface Actor {
  kind: ActorKind;
  sub: string;
}

/** The budget fields a `budget` action changes. */
export const budgetFields = ['dailyBudget', 'lifetimeBudget'] as const;
export type BudgetField = (typeof budgetFields)[number];

export interface ManagedObject {
  id: string;
  level: ManagedLevel;
  adAccountId: string;
  name: string;
  status: ObjectStatus;
  effectiveStatus?: string;
  /** The ad account's currency: every amount below is counted in its minor unit. */
  currency: string;
  /** Ad sets and ads: the campaign above them. */
  campaignId?: string;
  /** Ads: the ad set above them. */
  adSetId?: string;
  // Campaign
  objective?: string;
  specialAdCategories?: string[];
  isAdsetBudgetSharingEnabled?: boolean;
  spendCap?: number;
  advantageStateInfo?: Record<string, unknown>;
  // Campaign or ad set
  dailyBudget?: number;
  lifetimeBudget?: number;
  bidStrategy?: string;
  // Ad set
  bidAmount?: number;
  billingEvent?: string;
  optimizationGoal?: string;
  /** Meta's targeting spec as sent (snake_case keys, Meta's names). */
  targeting?: Record<string, unknown>;
  startTime?: string;
  endTime?: string;
  promotedObject?: Record<string, unknown>;
  dsaBeneficiary?: string;
  dsaPayor?: string;
  // Ad
  creativeId?: string;
  /** Meta's `ad_review_feedback` (global / placement_specific). */
  reviewFeedback?: Record<string, unknown>;
  createdBy?: Actor;
  approvedBy?: Actor;
  updatedBy?: Actor;
  createdAt?: string;
  updatedAt: string;
}

/** Counted against caps and listed by default: everything not DELETED or ARCHIVED. */
export function isLive(object: Pick<ManagedObject, 'status'>): boolean {
  return object.status !== 'DELETED' && object.status !== 'ARCHIVED';
}
