import type { AdCreate, AdSetCreate, CampaignCreate } from '../contracts/ad-object-schemas';
import { resolveAmounts } from '../domain/amounts';
import type { ManagedObject } from '../domain/managed-object';
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
import type { GraphParams } from '../meta/graph-transport';
import { withTokenFailover } from '../meta/token-failover';
import { UnprocessableError } from '../platform/errors';
import type { CampaignDeps } from './campaign-deps';
import { findObject } from './find-object';
import { adAccountOf, type WorkspaceAdAccount, type WorkspaceContext } from './workspace-context';

/** The amount fields of the request bodies (DESIGN §5): whole minor units of the account's currency. */
const AMOUNT_FIELDS = ['dailyBudget', 'lifetimeBudget', 'bidAmount', 'spendCap'] as const;

type DsaDefaults = { defaultDsaBeneficiary?: string; defaultDsaPayor?: string };

export interface MutationPlan {
  account: WorkspaceAdAccount;
  /** The object before the change (absent on create). */
  before?: ManagedObject;
  /** The object as it will be (id empty on create until Meta names it). */
  after: ManagedObject;
  /** What Meta is sent (Meta's names). */
  params: GraphParams;
  /** The account's mirrored objects: what the caps are summed over. */
  accountObjects: ManagedObject[];
}

/**
 * Everything a mutation needs before any guard runs: the ad account (the body's, the parent's or
 * the object's), the object before, amounts in the account's currency (another currency is
 * refused first of all), Meta's parameters with Meta's rules checked, and the object after.
 */
export async function planMutation(
  deps: Pick<CampaignDeps, 'objects' | 'meta' | 'now'>,
  context: WorkspaceContext,
  request: MutationRequest,
): Promise<MutationPlan> {
  const body = request.body ?? {};
  const nowIso = new Date(deps.now()).toISOString();
  // The picked account's objects are read at once: most targets and parents live there.
  const guess = context.connection.adAccountId;
  const guessedObjects = guess ? deps.objects.listAccount(guess) : undefined;
  if (guess) void context.adAccount(guess).catch(() => undefined);
  // Token secrets are read alongside: the Meta call needs them right after the checks.
  void context.tokens().catch(() => undefined);
  const objectsOf = async (adAccountId: string) =>
    adAccountId === guess && guessedObjects ? guessedObjects : deps.objects.listAccount(adAccountId);
  const known = guessedObjects ? await guessedObjects : [];

  if (request.op !== 'create') {
    const { object: before } = await findObject(deps, context, request.level, requireId(request), { known });
    const account = await accountOfObject(context, before);
    if (before.status === 'DELETED') {
      throw new UnprocessableError(`This ${request.level} is deleted; Meta allows no change to it.`, {
        code: 'object_deleted',
      });
    }
    const accountObjects = await objectsOf(account.id);
    if (request.op === 'delete') {
      return {
        account,
        before,
        after: { ...before, status: 'DELETED', updatedAt: nowIso },
        params: {},
        accountObjects,
      };
    }
    if (request.op === 'pause' || request.op === 'resume') {
      const status = request.op === 'pause' ? 'PAUSED' : 'ACTIVE';
      return {
        account,
        before,
        after: { ...before, status, updatedAt: nowIso },
        params: statusParams(status),
        accountObjects,
      };
    }
    const patch = resolveAmounts(body, AMOUNT_FIELDS, account.currency);
    const campaign = accountObjects.find((object) => object.id === before.campaignId);
    const facts = { currency: account.currency };
    return {
      account,
      before,
      after: { ...projectPatch(before, patch, facts), id: before.id, updatedAt: nowIso } as ManagedObject,
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
    const accountObjects = await objectsOf(account.id);
    const after = draft(
      projectCreate('campaign', input, { adAccountId: account.id, currency: account.currency }),
      nowIso,
    );
    return { account, after, params, accountObjects };
  }

  if (request.level === 'adset') {
    const input = body as AdSetCreate;
    const { object: campaign } = await findObject(deps, context, 'campaign', input.campaignId, {
      field: 'campaignId',
      known,
    });
    requireLiveParent(campaign, 'campaignId');
    const account = await accountOfObject(context, campaign);
    const resolved = resolveAmounts(input, AMOUNT_FIELDS, account.currency);
    const countries = resolved.targeting.geoLocations.countries ?? [];
    const targetsEu = countries.some((country) => EU_EEA_COUNTRIES.has(country));
    const needsDefaults = targetsEu && !(resolved.dsaBeneficiary && resolved.dsaPayor);
    const objectsRead = objectsOf(account.id);
    const defaults: DsaDefaults = needsDefaults ? await accountDefaults(deps, context, account.id) : {};
    const accountObjects = await objectsRead;
    const write = { campaign, account: { currency: account.currency, ...defaults } };
    const params = adSetCreateParams(resolved, write);
    const after = draft(projectCreate('adset', resolved, write), nowIso);
    return { account, after, params, accountObjects };
  }

  const input = body as AdCreate;
  const { object: adSet } = await findObject(deps, context, 'adset', input.adSetId, {
    field: 'adSetId',
    known,
  });
  requireLiveParent(adSet, 'adSetId');
  const account = await accountOfObject(context, adSet);
  const params = adCreateParams(input, { adSet });
  const after = draft(projectCreate('ad', input, { adSet }), nowIso);
  return { account, after, params, accountObjects: await objectsOf(account.id) };
}

/** A create's object before Meta names it: no id yet. */
function draft(projected: ProjectedObject, nowIso: string): ManagedObject {
  return { id: '', ...projected, updatedAt: nowIso };
}

function accountOfObject(context: WorkspaceContext, object: ManagedObject): Promise<WorkspaceAdAccount> {
  return adAccountOf(context, object.adAccountId);
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
