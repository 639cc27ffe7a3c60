import * as z from 'zod';
import { MetaRequestError } from '../platform/errors';
import { type ManagedLevel, type ManagedObject, objectStatuses } from './managed-object';
import { moneyFromMeta } from './money';

/** The fields to request per level (`fields=`): everything the mirror keeps. */
export const META_FIELDS: Record<ManagedLevel, readonly string[]> = {
  campaign: [
    'id',
    'name',
    'status',
    'configured_status',
    'effective_status',
    'objective',
    'special_ad_categories',
    'daily_budget',
    'lifetime_budget',
    'bid_strategy',
    'spend_cap',
    'is_adset_budget_sharing_enabled',
    'start_time',
    'stop_time',
    'advantage_state_info',
    'created_time',
    'updated_time',
  ],
  adset: [
    'id',
    'name',
    'status',
    'configured_status',
    'effective_status',
    'campaign_id',
    'daily_budget',
    'lifetime_budget',
    'bid_strategy',
    'bid_amount',
    'billing_event',
    'optimization_goal',
    'targeting',
    'start_time',
    'end_time',
    'promoted_object',
    'dsa_beneficiary',
    'dsa_payor',
    'created_time',
    'updated_time',
  ],
  ad: [
    'id',
    'name',
    'status',
    'configured_status',
    'effective_status',
    'campaign_id',
    'adset_id',
    'creative{id}',
    'ad_review_feedback',
    'created_time',
    'updated_time',
  ],
};

const amount = z.union([z.string(), z.number()]).optional();
const record = z.record(z.string(), z.unknown()).optional();
const text = z.string().optional();

/** A campaign, ad set or ad node as Graph answers it (the edge's zod schema). */
export const metaAdObjectNode = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    status: z.enum(objectStatuses).optional(),
    configured_status: z.enum(objectStatuses).optional(),
    effective_status: text,
    objective: text,
    special_ad_categories: z.array(z.string()).optional(),
    daily_budget: amount,
    lifetime_budget: amount,
    bid_strategy: text,
    bid_amount: amount,
    spend_cap: amount,
    is_adset_budget_sharing_enabled: z.boolean().optional(),
    campaign_id: text,
    adset_id: text,
    billing_event: text,
    optimization_goal: text,
    targeting: record,
    start_time: text,
    end_time: text,
    stop_time: text,
    promoted_object: record,
    dsa_beneficiary: text,
    dsa_payor: text,
    creative: z.object({ id: z.string() }).loose().optional(),
    advantage_state_info: record,
    ad_review_feedback: record,
    created_time: text,
    updated_time: text,
  })
  .loose()
  .refine((node) => node.configured_status !== undefined || node.status !== undefined, {
    message: 'has neither status nor configured_status',
    path: ['status'],
  });
export type MetaAdObjectNode = z.infer<typeof metaAdObjectNode>;

/** A Graph read of an object, in the mirror's shape; Meta's own last-change time beside it. */
export type MetaObjectRead = Omit<ManagedObject, 'updatedAt'> & { metaUpdatedTime?: string };

/**
 * Meta's "no cap" value for `spend_cap` (the documented way to remove one): no cap at all.
 */
const NO_SPEND_CAP = '922337203685478';

/**
 * The mirror's view of a Graph node. Meta answers a budget it does not use as "0" (a campaign
 * under ad set budgets, the lifetime of a daily budget): that is no budget, so it is left out
 * and never counted against a cap or taken for a campaign budget.
 */
export function managedObjectFromMeta(
  level: ManagedLevel,
  node: Record<string, unknown>,
  ctx: { adAccountId: string; currency: string },
): MetaObjectRead {
  const parsed = metaAdObjectNode.safeParse(node);
  if (!parsed.success) {
    throw new MetaRequestError(
      `Meta answered a ${level} in an unexpected shape`,
      { httpStatus: 200, message: 'unexpected answer shape' },
      {
        details: {
          issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
        },
      },
    );
  }
  const n = parsed.data;
  const minor = (value: string | number | undefined): number | undefined => {
    if (value === undefined || String(value) === NO_SPEND_CAP) return undefined;
    const money = moneyFromMeta(value, ctx.currency);
    return money.minor === 0 ? undefined : money.minor;
  };
  const read: MetaObjectRead = {
    id: n.id,
    level,
    adAccountId: ctx.adAccountId,
    currency: ctx.currency,
    name: n.name,
    // configured_status is what the writer set; `status` is the same for these objects.
    status: n.configured_status ?? n.status ?? 'PAUSED',
    effectiveStatus: n.effective_status,
    campaignId: level === 'campaign' ? undefined : n.campaign_id,
    adSetId: level === 'ad' ? n.adset_id : undefined,
    objective: n.objective,
    specialAdCategories: n.special_ad_categories,
    isAdsetBudgetSharingEnabled: n.is_adset_budget_sharing_enabled,
    spendCap: minor(n.spend_cap),
    advantageStateInfo: n.advantage_state_info,
    dailyBudget: minor(n.daily_budget),
    lifetimeBudget: minor(n.lifetime_budget),
    bidStrategy: n.bid_strategy,
    bidAmount: minor(n.bid_amount),
    billingEvent: n.billing_event,
    optimizationGoal: n.optimization_goal,
    targeting: n.targeting,
    startTime: n.start_time,
    // A campaign's end is `stop_time` at Meta, an ad set's `end_time`.
    endTime: n.end_time ?? n.stop_time,
    promotedObject: n.promoted_object,
    dsaBeneficiary: n.dsa_beneficiary,
    dsaPayor: n.dsa_payor,
    creativeId: n.creative?.id,
    reviewFeedback: n.ad_review_feedback,
    createdAt: n.created_time,
    metaUpdatedTime: n.updated_time,
  };
  return Object.fromEntries(
    Object.entries(read).filter(([, value]) => value !== undefined),
  ) as MetaObjectRead;
}
