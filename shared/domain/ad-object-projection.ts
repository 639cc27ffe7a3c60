import type { AdCreate } from '../contracts/ad-object-schemas';
import { type AccountWriteFacts, hasBudget, resolveDsaParties } from './ad-object-write-rules';
import type { Actor, ManagedObject, ObjectStatus } from './managed-object';
import type {
  AdSetWriteContext,
  AdWriteContext,
  ResolvedAdSetCreate,
  ResolvedCampaignCreate,
} from './meta-create-params';
import { snakeKeysDeep } from './meta-graph-params';
import { type AdObjectPatch, patchedTargeting } from './meta-patch-params';
import { targetingParam } from './meta-targeting';

/**
 * The object as it will be once Meta applies a mutation: what the cap check compares and the
 * mirror holds before Meta answers. A create has no id or update time yet.
 */
export type ProjectedObject = Omit<ManagedObject, 'id' | 'updatedAt'>;

export interface CampaignProjectionContext {
  /** The picked ad account, when the body names none. */
  adAccountId: string;
  currency: string;
  actor?: Actor;
}

/** A PATCH, or the status a pause, resume or delete sets. */
export type ObjectChange = Omit<AdObjectPatch, 'status'> & { status?: ObjectStatus };

export function projectCreate(
  level: 'campaign',
  body: ResolvedCampaignCreate,
  ctx: CampaignProjectionContext,
): ProjectedObject;
export function projectCreate(
  level: 'adset',
  body: ResolvedAdSetCreate,
  ctx: AdSetWriteContext & { actor?: Actor },
): ProjectedObject;
export function projectCreate(
  level: 'ad',
  body: AdCreate,
  ctx: AdWriteContext & { actor?: Actor },
): ProjectedObject;
/** The object a create will make, in the mirror's shape (camelCase; targeting in Meta's names as sent). */
export function projectCreate(
  level: 'campaign' | 'adset' | 'ad',
  body: ResolvedCampaignCreate | ResolvedAdSetCreate | AdCreate,
  ctx:
    | CampaignProjectionContext
    | (AdSetWriteContext & { actor?: Actor })
    | (AdWriteContext & { actor?: Actor }),
): ProjectedObject {
  const createdBy = ctx.actor === undefined ? {} : { createdBy: ctx.actor };
  if (level === 'campaign') {
    const campaign = body as ResolvedCampaignCreate;
    return withoutUndefined({ ...projectCampaign(campaign, ctx as CampaignProjectionContext), ...createdBy });
  }
  if (level === 'adset') {
    const { campaign, account } = ctx as AdSetWriteContext;
    return withoutUndefined({
      ...projectAdSet(body as ResolvedAdSetCreate, campaign, account),
      ...createdBy,
    });
  }
  const ad = body as AdCreate;
  const { adSet } = ctx as AdWriteContext;
  return withoutUndefined({
    level: 'ad',
    adAccountId: adSet.adAccountId,
    currency: adSet.currency,
    name: ad.name,
    status: ad.status,
    campaignId: adSet.campaignId,
    adSetId: ad.adSetId,
    creativeId: ad.creativeId,
    ...createdBy,
  });
}

function projectCampaign(body: ResolvedCampaignCreate, ctx: CampaignProjectionContext): ProjectedObject {
  return {
    level: 'campaign',
    adAccountId: body.adAccountId ?? ctx.adAccountId,
    currency: ctx.currency,
    name: body.name,
    status: body.status,
    objective: body.objective,
    specialAdCategories: body.specialAdCategories.filter((category) => category !== 'NONE'),
    dailyBudget: body.dailyBudget,
    lifetimeBudget: body.lifetimeBudget,
    bidStrategy: body.bidStrategy,
    spendCap: body.spendCap,
    isAdsetBudgetSharingEnabled: hasBudget(body) ? undefined : body.adSetBudgetSharing === true,
    startTime: body.startTime,
    // Meta calls a campaign's end `stop_time`; the mirror keeps one name for every level.
    endTime: body.stopTime,
  };
}

function projectAdSet(
  body: ResolvedAdSetCreate,
  campaign: ManagedObject,
  account: AccountWriteFacts,
): ProjectedObject {
  const targeting = targetingParam(body.targeting, body.advantageAudience);
  const { parties } = resolveDsaParties(targeting, body, account);
  return {
    level: 'adset',
    adAccountId: campaign.adAccountId,
    currency: account.currency,
    name: body.name,
    status: body.status,
    campaignId: body.campaignId,
    billingEvent: body.billingEvent,
    optimizationGoal: body.optimizationGoal,
    targeting,
    dailyBudget: body.dailyBudget,
    lifetimeBudget: body.lifetimeBudget,
    bidStrategy: body.bidStrategy,
    bidAmount: body.bidAmount,
    startTime: body.startTime,
    endTime: body.endTime,
    promotedObject: body.promotedObject && (snakeKeysDeep(body.promotedObject) as Record<string, unknown>),
    ...parties,
  };
}

/**
 * The object once a PATCH (or a pause, resume or delete: `{status}`) applies; `updatedAt` is the
 * writer's to set. Targeting is replaced whole, as at Meta, with the Advantage+ flag kept.
 */
export function projectPatch(
  before: ManagedObject,
  patch: ObjectChange,
  account: Partial<AccountWriteFacts> = {},
): ManagedObject {
  const { advantageAudience: _flag, targeting: _spec, ...plain } = patch;
  const after: ManagedObject = { ...before, ...withoutUndefined(plain) };
  const targeting = patchedTargeting({ ...patch, status: undefined }, before);
  if (targeting === undefined) return after;
  const { parties } = resolveDsaParties(targeting, before, account);
  return withoutUndefined({ ...after, targeting, ...parties });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as T;
}
