import * as z from 'zod';
import { managedLevels, objectStatuses } from '../domain/managed-object';
import { moneySchema } from '../domain/money';

/**
 * The request and answer bodies of the campaign, ad set and ad routes (DESIGN §5), camelCase;
 * Meta's names are the wire's (shared/domain/meta-write-params.ts). Amounts are whole minor
 * units of the ad account's currency: a bare integer, or `{minor, currency}` (what agents
 * send), whose currency must be the account's.
 */

export const OUTCOME_OBJECTIVES = [
  'OUTCOME_AWARENESS',
  'OUTCOME_TRAFFIC',
  'OUTCOME_ENGAGEMENT',
  'OUTCOME_LEADS',
  'OUTCOME_APP_PROMOTION',
  'OUTCOME_SALES',
] as const;

export const SPECIAL_AD_CATEGORIES = [
  'NONE',
  'EMPLOYMENT',
  'HOUSING',
  'CREDIT',
  'FINANCIAL_PRODUCTS_SERVICES',
  'ISSUES_ELECTIONS_POLITICS',
  'ONLINE_GAMBLING_AND_GAMING',
] as const;

export const BID_STRATEGIES = [
  'LOWEST_COST_WITHOUT_CAP',
  'LOWEST_COST_WITH_BID_CAP',
  'COST_CAP',
  'LOWEST_COST_WITH_MIN_ROAS',
] as const;

export const BILLING_EVENTS = [
  'IMPRESSIONS',
  'LINK_CLICKS',
  'THRUPLAY',
  'APP_INSTALLS',
  'PAGE_LIKES',
  'POST_ENGAGEMENT',
  'LISTING_INTERACTION',
] as const;

export const OPTIMIZATION_GOALS = [
  'NONE',
  'APP_INSTALLS',
  'AD_RECALL_LIFT',
  'ENGAGED_USERS',
  'EVENT_RESPONSES',
  'IMPRESSIONS',
  'LEAD_GENERATION',
  'QUALITY_LEAD',
  'LINK_CLICKS',
  'OFFSITE_CONVERSIONS',
  'PAGE_LIKES',
  'POST_ENGAGEMENT',
  'QUALITY_CALL',
  'REACH',
  'LANDING_PAGE_VIEWS',
  'VISIT_INSTAGRAM_PROFILE',
  'VALUE',
  'THRUPLAY',
  'CONVERSATIONS',
  'IN_APP_VALUE',
  'MESSAGING_PURCHASE_CONVERSION',
  'SUBSCRIBERS',
  'REMINDERS_SET',
  'MEANINGFUL_CALL_ATTEMPT',
  'PROFILE_VISIT',
  'APP_INSTALLS_AND_OFFSITE_CONVERSIONS',
] as const;

const objectId = z.string().regex(/^\d{1,32}$/, "must be Meta's numeric id");
export const adAccountIdSchema = z.string().regex(/^act_\d{1,32}$/, 'must look like act_<digits>');

/** A budget, bid or cap: whole minor units, bare or with the currency attached. */
export const amountInput = z.union([
  z
    .number()
    .int('must be a whole number of minor units (cents for USD), not a decimal')
    .nonnegative()
    .max(Number.MAX_SAFE_INTEGER),
  moneySchema,
]);
export type AmountInput = z.infer<typeof amountInput>;

const isoTime = z.iso.datetime({ offset: true });

/** Keys as sent (camelCase or Meta's snake_case) → camelCase, so both read the same. */
function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
      camelKeys(inner),
    ]),
  );
}

const geoLocations = z
  .object({
    countries: z
      .array(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 country code, e.g. DE'))
      .optional(),
    regions: z.array(z.object({ key: z.string() }).loose()).optional(),
    cities: z.array(z.object({ key: z.string() }).loose()).optional(),
    zips: z.array(z.object({ key: z.string() }).loose()).optional(),
    customLocations: z.array(z.record(z.string(), z.unknown())).optional(),
    locationTypes: z.array(z.enum(['home', 'recent', 'travel_in'])).optional(),
  })
  .loose()
  .refine(
    (geo) =>
      (geo.countries?.length ?? 0) +
        (geo.regions?.length ?? 0) +
        (geo.cities?.length ?? 0) +
        (geo.zips?.length ?? 0) +
        (geo.customLocations?.length ?? 0) >
      0,
    { message: 'must name at least one country, region, city, zip or custom location' },
  );

/**
 * Meta's targeting spec; `geoLocations` is required (Meta refuses an ad set without it). Keys
 * may be camelCase or Meta's own; other keys pass through to Meta as they are.
 */
export const targetingSchema = z.preprocess(
  camelKeys,
  z
    .object({
      geoLocations: geoLocations,
      ageMin: z.number().int().min(13).max(65).optional(),
      ageMax: z.number().int().min(13).max(65).optional(),
      genders: z.array(z.union([z.literal(1), z.literal(2)])).optional(),
    })
    .loose(),
);
export type TargetingInput = z.infer<typeof targetingSchema>;

const statusInput = z.enum(['PAUSED', 'ACTIVE']);

export const campaignCreateRequest = z
  .object({
    name: z.string().trim().min(1).max(400),
    objective: z.enum(OUTCOME_OBJECTIVES, {
      error: 'must be one of the OUTCOME_* objectives (legacy objectives are refused by Meta since v17)',
    }),
    specialAdCategories: z.array(z.enum(SPECIAL_AD_CATEGORIES)),
    status: statusInput.default('PAUSED'),
    dailyBudget: amountInput.optional(),
    lifetimeBudget: amountInput.optional(),
    bidStrategy: z.enum(BID_STRATEGIES).optional(),
    spendCap: amountInput.optional(),
    /** Meta's `is_adset_budget_sharing_enabled` when the campaign has no budget. @default false */
    adSetBudgetSharing: z.boolean().optional(),
    startTime: isoTime.optional(),
    stopTime: isoTime.optional(),
    adAccountId: adAccountIdSchema.optional(),
  })
  .strict()
  .meta({ id: 'CampaignCreate' });
export type CampaignCreate = z.infer<typeof campaignCreateRequest>;

export const adSetCreateRequest = z
  .object({
    campaignId: objectId,
    name: z.string().trim().min(1).max(400),
    billingEvent: z.enum(BILLING_EVENTS),
    optimizationGoal: z.enum(OPTIMIZATION_GOALS),
    targeting: targetingSchema,
    /** Advantage+ audience (Meta broadens the targeting); written explicitly. @default false */
    advantageAudience: z.boolean().optional(),
    dailyBudget: amountInput.optional(),
    lifetimeBudget: amountInput.optional(),
    bidStrategy: z.enum(BID_STRATEGIES).optional(),
    bidAmount: amountInput.optional(),
    startTime: isoTime.optional(),
    endTime: isoTime.optional(),
    promotedObject: z.record(z.string(), z.unknown()).optional(),
    dsaBeneficiary: z.string().trim().min(1).max(512).optional(),
    dsaPayor: z.string().trim().min(1).max(512).optional(),
    status: statusInput.default('PAUSED'),
  })
  .strict()
  .meta({ id: 'AdSetCreate' });
export type AdSetCreate = z.infer<typeof adSetCreateRequest>;

export const adCreateRequest = z
  .object({
    adSetId: objectId,
    name: z.string().trim().min(1).max(400),
    creativeId: objectId,
    status: statusInput.default('PAUSED'),
  })
  .strict()
  .meta({ id: 'AdCreate' });
export type AdCreate = z.infer<typeof adCreateRequest>;

const atLeastOneField = (body: Record<string, unknown>) => Object.values(body).some((v) => v !== undefined);
const nothingToChange = { message: 'name at least one field to change' };

export const campaignPatchRequest = z
  .object({
    name: z.string().trim().min(1).max(400).optional(),
    status: statusInput.optional(),
    dailyBudget: amountInput.optional(),
    lifetimeBudget: amountInput.optional(),
    bidStrategy: z.enum(BID_STRATEGIES).optional(),
    spendCap: amountInput.optional(),
  })
  .strict()
  .refine(atLeastOneField, nothingToChange)
  .meta({ id: 'CampaignPatch' });
export type CampaignPatch = z.infer<typeof campaignPatchRequest>;

export const adSetPatchRequest = z
  .object({
    name: z.string().trim().min(1).max(400).optional(),
    status: statusInput.optional(),
    dailyBudget: amountInput.optional(),
    lifetimeBudget: amountInput.optional(),
    bidStrategy: z.enum(BID_STRATEGIES).optional(),
    bidAmount: amountInput.optional(),
    targeting: targetingSchema.optional(),
    advantageAudience: z.boolean().optional(),
    endTime: isoTime.optional(),
  })
  .strict()
  .refine(atLeastOneField, nothingToChange)
  .meta({ id: 'AdSetPatch' });
export type AdSetPatch = z.infer<typeof adSetPatchRequest>;

export const adPatchRequest = z
  .object({
    name: z.string().trim().min(1).max(400).optional(),
    status: statusInput.optional(),
    creativeId: objectId.optional(),
  })
  .strict()
  .refine(atLeastOneField, nothingToChange)
  .meta({ id: 'AdPatch' });
export type AdPatch = z.infer<typeof adPatchRequest>;

export const actorBody = z.object({ actor: z.enum(['user', 'agent', 'system']), sub: z.string() });

/** An amount as answered: minor units, the currency, and how a person reads it. */
export const amountBody = z.object({ minor: z.number().int(), currency: z.string(), formatted: z.string() });

export const adObjectBody = z
  .object({
    id: z.string(),
    level: z.enum(managedLevels),
    adAccountId: z.string(),
    name: z.string(),
    status: z.enum(objectStatuses),
    effectiveStatus: z.string().optional(),
    currency: z.string(),
    campaignId: z.string().optional(),
    adSetId: z.string().optional(),
    objective: z.string().optional(),
    specialAdCategories: z.array(z.string()).optional(),
    dailyBudget: z.number().int().optional(),
    lifetimeBudget: z.number().int().optional(),
    bidStrategy: z.string().optional(),
    bidAmount: z.number().int().optional(),
    spendCap: z.number().int().optional(),
    /** The amounts above, formatted in the account's currency ("$25.00"). */
    amounts: z.record(z.string(), amountBody).optional(),
    isAdsetBudgetSharingEnabled: z.boolean().optional(),
    billingEvent: z.string().optional(),
    optimizationGoal: z.string().optional(),
    targeting: z.record(z.string(), z.unknown()).optional(),
    startTime: z.string().optional(),
    endTime: z.string().optional(),
    promotedObject: z.record(z.string(), z.unknown()).optional(),
    dsaBeneficiary: z.string().optional(),
    dsaPayor: z.string().optional(),
    creativeId: z.string().optional(),
    advantageStateInfo: z.record(z.string(), z.unknown()).optional(),
    reviewFeedback: z.record(z.string(), z.unknown()).optional(),
    createdBy: actorBody.optional(),
    approvedBy: actorBody.optional(),
    createdAt: z.string().optional(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AdObject' });
