import type { AdCreate, AdSetCreate, CampaignCreate } from '../contracts/ad-object-schemas';
import { AMOUNT_FIELDS, resolveAmounts } from '../domain/amounts';
import type { SpendCaps } from '../domain/controls';
import { budgetFields, type ManagedObject } from '../domain/managed-object';
import {
  adCreateParams,
  adSetCreateParams,
  campaignCreateParams,
  EU_EEA_COUNTRIES,
  type ProjectedObject,
  patchParams,
  projectCreate,
  projectPatch,
  statusParams,
} from '../domain/meta-write-params';
import type { MutationRequest } from '../domain/mutation';
import type { CappedObject } from '../domain/spend-caps';
import type { GraphParams } from '../meta/graph-transport';
import { withTokenFailover } from '../meta/token-failover';
import { UnprocessableError } from '../platform/errors';
import type { CampaignDeps } from './campaign-deps';
import { findObject } from './find-object';
import { adAccountOf, type WorkspaceAdAccount, type WorkspaceContext } from './workspace-context';

type DsaDefaults = { defaultDsaBeneficiary?: string; defaultDsaPayor?: string };

export interface MutationPlan {
  account: WorkspaceAdAccount;
  /** The object before the change (absent on create). */
  before?: ManagedObject;
  /** The object as it will be (id empty on create until Meta names it). */
  after: ManagedObject;
  /** What Meta is sent (Meta's names). */
  params: GraphParams;
  /** The account's live campaigns and ad sets when a cap must be summed; else empty. */
  accountObjects: CappedObject[];
}

/**
 * Everything a mutation needs before any guard runs: the ad account (the body's, the parent's or
 * the object's), the object before, amounts in the account's currency (another currency is
 * refused first of all), Meta's parameters with Meta's rules checked, and the object after.
 * Reads run together, in one round where they can: the target or parent from the picked
 * account's mirror, that account, the token secrets and, only when a cap has something to sum,
 * the account's budgets.
 */
export async function planMutation(
  deps: Pick<CampaignDeps, 'objects' | 'meta' | 'now'>,
  context: WorkspaceContext,
  request: MutationRequest,
  early?: EarlyReads,
): Promise<MutationPlan> {
  const body = request.body ?? {};
  const nowIso = new Date(deps.now()).toISOString();
  const picked = context.connection.adAccountId;
  const budgetsWanted = capsApply(context.controls.spendCaps) && changesBudgets(request);
  // Reads started before the workspace was known count only if they guessed its pick right.
  const hit = early && early.adAccountId === picked ? early : undefined;
  const budgetsRead = new Map<string, Promise<CappedObject[]>>();
  if (hit?.budgets && picked) budgetsRead.set(picked, hit.budgets);
  const budgetsOf = (adAccountId: string): Promise<CappedObject[]> => {
    if (!budgetsWanted) return Promise.resolve([]);
    let read = budgetsRead.get(adAccountId);
    if (!read) {
      read = deps.objects.listBudgets(adAccountId);
      budgetsRead.set(adAccountId, read);
    }
    return read;
  };
  // Most targets and parents live in the picked account: read them there at once.
  const lookupId = lookupIdOf(request);
  const guessed =
    hit?.target ?? (picked && lookupId ? deps.objects.get(picked, lookupId) : Promise.resolve(undefined));
  if (picked) {
    void context.adAccount(picked).catch(() => undefined);
    void budgetsOf(picked).catch(() => undefined);
  }
  void context.tokens().catch(() => undefined);
  const known = await guessed.then((object) => (object ? [object] : []));

  if (request.op !== 'create') {
    const { object: before } = await findObject(deps, context, request.level, requireId(request), { known });
    const account = await adAccountOf(context, before.adAccountId);
    if (before.status === 'DELETED') {
      throw new UnprocessableError(`This ${request.level} is deleted; Meta allows no change to it.`, {
        code: 'object_deleted',
      });
    }
    const accountObjects = await budgetsOf(account.id);
    if (request.op === 'delete' || request.op === 'pause' || request.op === 'resume') {
      const status = request.op === 'delete' ? 'DELETED' : request.op === 'pause' ? 'PAUSED' : 'ACTIVE';
      return {
        account,
        before,
        after: { ...before, status, updatedAt: nowIso },
        params: request.op === 'delete' ? {} : statusParams(status),
        accountObjects,
      };
    }
    const patch = resolveAmounts(body, AMOUNT_FIELDS, account.currency);
    const campaign =
      request.level === 'adset' && before.campaignId
        ? await deps.objects.get(account.id, before.campaignId)
        : undefined;
    const facts = { currency: account.currency };
    return {
      account,
      before,
      after: { ...projectPatch(before, patch, facts), id: before.id, updatedAt: nowIso },
      params: patchParams(request.level, patch, before, {
        ...(campaign ? { campaign } : {}),
        account: facts,
      }),
      accountObjects,
    };
  }

  if (request.level === 'campaign') {
    const account = await adAccountOf(context, (body as CampaignCreate).adAccountId);
    const input = resolveAmounts(body as CampaignCreate, AMOUNT_FIELDS, account.currency);
    const params = campaignCreateParams(input, {});
    const after = draft(
      projectCreate('campaign', input, { adAccountId: account.id, currency: account.currency }),
      nowIso,
    );
    return { account, after, params, accountObjects: await budgetsOf(account.id) };
  }

  if (request.level === 'adset') {
    const input = body as AdSetCreate;
    const { object: campaign } = await findObject(deps, context, 'campaign', input.campaignId, {
      field: 'campaignId',
      known,
    });
    requireLiveParent(campaign, 'campaignId');
    const account = await adAccountOf(context, campaign.adAccountId);
    const resolved = resolveAmounts(input, AMOUNT_FIELDS, account.currency);
    const countries = resolved.targeting.geoLocations.countries ?? [];
    const targetsEu = countries.some((country) => EU_EEA_COUNTRIES.has(country));
    const needsDefaults = targetsEu && !(resolved.dsaBeneficiary && resolved.dsaPayor);
    const budgets = budgetsOf(account.id);
    const defaults: DsaDefaults = needsDefaults ? await accountDefaults(deps, context, account.id) : {};
    const write = { campaign, account: { currency: account.currency, ...defaults } };
    const params = adSetCreateParams(resolved, write);
    const after = draft(projectCreate('adset', resolved, write), nowIso);
    return { account, after, params, accountObjects: await budgets };
  }

  const input = body as AdCreate;
  const { object: adSet } = await findObject(deps, context, 'adset', input.adSetId, {
    field: 'adSetId',
    known,
  });
  requireLiveParent(adSet, 'adSetId');
  const account = await adAccountOf(context, adSet.adAccountId);
  const params = adCreateParams(input, { adSet });
  const after = draft(projectCreate('ad', input, { adSet }), nowIso);
  return { account, after, params, accountObjects: [] };
}

/** Whether any cap is set: with none, no budget need be summed. */
function capsApply(caps: SpendCaps): boolean {
  return (
    caps.campaignDaily !== undefined ||
    caps.campaignLifetime !== undefined ||
    Object.keys(caps.adAccountDaily ?? {}).length > 0
  );
}

/**
 * Whether the mutation can raise a budget sum: a create or PATCH carrying a budget. A pause
 * keeps an object live (paused budgets count), a resume too, and a delete only lowers sums.
 */
function changesBudgets(request: MutationRequest): boolean {
  if (request.op !== 'create' && request.op !== 'update') return false;
  if (request.level === 'ad') return false;
  return budgetFields.some((field) => request.body?.[field] !== undefined);
}

/**
 * Reads a mutation starts before its workspace is loaded, on the ad account this container saw
 * the workspace pick last time: right (the usual case), they save a round trip; wrong, they
 * are ignored.
 */
export interface EarlyReads {
  adAccountId: string;
  target?: Promise<ManagedObject | undefined>;
  budgets?: Promise<CappedObject[]>;
}

export function startEarlyReads(
  deps: Pick<CampaignDeps, 'objects'>,
  adAccountId: string,
  request: MutationRequest,
): EarlyReads {
  const lookupId = lookupIdOf(request);
  const quiet = <T>(read: Promise<T>) => {
    read.catch(() => undefined);
    return read;
  };
  return {
    adAccountId,
    ...(lookupId ? { target: quiet(deps.objects.get(adAccountId, lookupId)) } : {}),
    ...(changesBudgets(request) ? { budgets: quiet(deps.objects.listBudgets(adAccountId)) } : {}),
  };
}

/** The object a mutation names: its own id, or a create's parent. */
function lookupIdOf(request: MutationRequest): string | undefined {
  if (request.op !== 'create') return request.id;
  const body = request.body ?? {};
  if (request.level === 'adset' && typeof body.campaignId === 'string') return body.campaignId;
  if (request.level === 'ad' && typeof body.adSetId === 'string') return body.adSetId;
  return undefined;
}

/** A create's object before Meta names it: no id yet. */
function draft(projected: ProjectedObject, nowIso: string): ManagedObject {
  return { id: '', ...projected, updatedAt: nowIso };
}

function requireLiveParent(parent: ManagedObject, field: string) {
  if (parent.status === 'DELETED' || parent.status === 'ARCHIVED') {
    throw new UnprocessableError(`The ${parent.level} ${parent.id} is ${parent.status.toLowerCase()}.`, {
      code: 'parent_not_live',
      details: { field },
    });
  }
}

function requireId(request: MutationRequest): string {
  if (request.id === undefined) throw new Error(`${request.op} needs an id`);
  return request.id;
}

async function accountDefaults(
  deps: Pick<CampaignDeps, 'meta'>,
  context: WorkspaceContext,
  adAccountId: string,
): Promise<DsaDefaults> {
  const tokens = await context.tokens();
  return (await withTokenFailover(tokens, (token) => deps.meta.accountDefaults(adAccountId, token))).value;
}
