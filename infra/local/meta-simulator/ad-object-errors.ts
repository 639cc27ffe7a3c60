import { GraphError, invalidParameter } from './graph-error';

/**
 * Meta's refusals of campaign, ad set and ad writes. Where Meta's docs or public threads show
 * the body, it is copied (noted "confirmed"); the rest follow Meta's usual shape for code 100:
 * `message` "Invalid parameter", the subcode, and a user title and message.
 */

interface Refusal {
  subcode?: number;
  title: string;
  userMessage: string;
  blame?: string;
  type?: string;
}

function refusal(r: Refusal): GraphError {
  return new GraphError({
    status: 400,
    message: 'Invalid parameter',
    type: r.type ?? 'OAuthException',
    code: 100,
    subcode: r.subcode,
    userTitle: r.title,
    userMessage: r.userMessage,
    errorData: r.blame === undefined ? undefined : JSON.stringify({ blame_field_specs: [[r.blame]] }),
  });
}

export const OUTCOME_OBJECTIVES = [
  'OUTCOME_APP_PROMOTION',
  'OUTCOME_AWARENESS',
  'OUTCOME_ENGAGEMENT',
  'OUTCOME_LEADS',
  'OUTCOME_SALES',
  'OUTCOME_TRAFFIC',
] as const;

/** Meta's message for a parameter outside its enum (the `(#100) Param … must be one of {…}` form). */
export function notOneOf(param: string, values: readonly string[]): GraphError {
  return invalidParameter(`(#100) Param ${param} must be one of {${values.join(', ')}}`);
}

/** Legacy objectives (LINK_CLICKS, CONVERSIONS…) are refused since v17; only OUTCOME_* remain. */
export function legacyObjective(): GraphError {
  return notOneOf('objective', OUTCOME_OBJECTIVES);
}

export function requiredParameter(param: string): GraphError {
  return invalidParameter(`(#100) The parameter ${param} is required`);
}

export function malformedParameter(param: string, expected: string): GraphError {
  return invalidParameter(`(#100) Param ${param} must be ${expected}`);
}

/** Confirmed (subcode): budgets on both the campaign and its ad sets. */
export function budgetOnBothLevels(): GraphError {
  return refusal({
    subcode: 1885621,
    title: 'Budget Already Set on Campaign',
    userMessage:
      'A campaign budget and ad set budgets cannot be used together. Remove the ad set budget, or remove the campaign budget and set a budget on each ad set.',
  });
}

/** Confirmed (subcode and text, Meta's ad set budget sharing guide). */
export function budgetSharingFlagRequired(): GraphError {
  return refusal({
    subcode: 4834011,
    title: 'Must specify True or False in is_adset_budget_sharing_enabled field',
    userMessage:
      'Must specify True or False in is_adset_budget_sharing_enabled field. This field is required from v24 if you are not setting budget on the campaign level.',
    blame: 'is_adset_budget_sharing_enabled',
  });
}

/** Confirmed (subcode and title). */
export function bidAmountRequired(bidStrategy: string): GraphError {
  return refusal({
    subcode: 2490487,
    title: 'Bid Amount Or Bid Constraints Required For Bid Strategy',
    userMessage: `The bid strategy ${bidStrategy} needs a bid amount or bid constraints. Add bid_amount, or choose the LOWEST_COST_WITHOUT_CAP bid strategy.`,
    blame: 'bid_amount',
  });
}

/** Confirmed (subcode, title and message). */
export function missingLocation(): GraphError {
  return refusal({
    subcode: 1885364,
    title: 'Missing Target Audience Location',
    userMessage: 'Your audience is missing a location. You can add a location or a Custom Audience.',
    blame: 'targeting',
  });
}

/** Confirmed: the bodies of Meta's ad set reference (type FacebookApiException, blame fields). */
export function dsaBeneficiaryMissing(): GraphError {
  return refusal({
    subcode: 3858081,
    type: 'FacebookApiException',
    title: 'No payor/beneficiary provided in DSA regulated location',
    userMessage:
      'The DSA requires ads to provide beneficiary information in regulated regions. Updating/creating ad needs to provide beneficiary of the ad.',
    blame: 'dsa_beneficiary',
  });
}

export function dsaPayorMissing(): GraphError {
  return refusal({
    subcode: 3858079,
    type: 'FacebookApiException',
    title: 'No payor provided in DSA regulated region',
    userMessage:
      'The DSA requires ads to provide payor information in regulated regions. Updating/creating ad needs to provide payor of the ad.',
    blame: 'dsa_payor',
  });
}

/** Confirmed (subcode, title, message shape `… must be more than MYR4.12 …`). */
export function budgetTooLow(level: 'campaign' | 'ad set', minimum: string): GraphError {
  return refusal({
    subcode: 1885272,
    title: 'Budget Is Too Low',
    userMessage: `Your ${level} budget must be more than ${minimum} or your ads may not be delivered.`,
    blame: 'daily_budget',
  });
}

export function adSetBudgetRequired(): GraphError {
  return refusal({
    title: 'Ad Set Budget Required',
    userMessage:
      'This campaign has no campaign budget, so each of its ad sets needs a daily_budget or lifetime_budget.',
    blame: 'daily_budget',
  });
}

export function bothBudgetKinds(): GraphError {
  return refusal({
    title: 'Only One Budget Type Allowed',
    userMessage: 'Set either daily_budget or lifetime_budget, not both.',
    blame: 'lifetime_budget',
  });
}

/** `smart_promotion_type` was retired: Meta errors on every version since 2026-05-19. */
export function retiredField(param: string): GraphError {
  return invalidParameter(`(#100) Param ${param} is no longer supported`);
}

export function invalidParent(param: 'campaign_id' | 'adset_id'): GraphError {
  const what = param === 'campaign_id' ? 'campaign' : 'ad set';
  return refusal({
    title: `Invalid ${what === 'campaign' ? 'Campaign' : 'Ad Set'}`,
    userMessage: `The ${what} that ${param} names does not exist in this ad account or has been deleted.`,
    blame: param,
  });
}

export function deletedObject(id: string): GraphError {
  return refusal({
    title: 'Object Has Been Deleted',
    userMessage: `The object ${id} has been deleted and cannot be edited.`,
  });
}

export function unknownAdLabel(id: string): GraphError {
  return refusal({
    title: 'Invalid Ad Label',
    userMessage: `The ad label ${id} does not exist in this ad account.`,
    blame: 'adlabels',
  });
}

export function adLabelLimitReached(limit: number): GraphError {
  return refusal({
    title: 'Ad Label Limit Reached',
    userMessage: `This ad account already has ${limit} ad labels, the most it can have. Delete labels you no longer use.`,
    blame: 'name',
  });
}

/** Confirmed (code and subcode): an ad set's budget changed more than 4 times in an hour. */
export function budgetChangeLimit(headers: Record<string, string>): GraphError {
  return new GraphError({
    status: 400,
    message: '(#613) Calls to this api have exceeded the rate limit.',
    type: 'OAuthException',
    code: 613,
    subcode: 1487632,
    isTransient: false,
    userTitle: 'Too Many Budget Changes',
    userMessage:
      "You can change an ad set's budget at most 4 times an hour. Wait an hour before changing it again.",
    headers,
  });
}
