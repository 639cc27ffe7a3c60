import type { CampaignDeps, CreateFollowUp } from '../../../shared/campaigns/campaign-deps';
import { bodySchemaOf } from '../../../shared/campaigns/mutation-body-schema';
import { mutationRequestOf } from '../../../shared/campaigns/mutation-request';
import type { Asset } from '../../../shared/domain/asset-record';
import type { AssetType } from '../../../shared/domain/asset-type';
import type { Connection, TokenRef } from '../../../shared/domain/connection';
import type { Controls } from '../../../shared/domain/controls';
import type { ManagedLevel, ManagedObject } from '../../../shared/domain/managed-object';
import type { MutationOp, MutationRequest } from '../../../shared/domain/mutation';
import type { Principal } from '../../../shared/platform/auth';
import { AppError } from '../../../shared/platform/errors';
import type { AssetStore } from '../../../shared/store/asset-store';
import { InMemoryApprovalStore } from '../../../shared/store/memory/approval-store';
import { InMemoryAuditStore } from '../../../shared/store/memory/audit-store';
import { InMemoryConnectionStore } from '../../../shared/store/memory/connection-store';
import { InMemoryControlsStore } from '../../../shared/store/memory/controls-store';
import { InMemoryIdempotencyStore } from '../../../shared/store/memory/idempotency-store';
import { InMemoryManagedObjectStore } from '../../../shared/store/memory/managed-object-store';
import { InMemoryMutationCommit } from '../../../shared/store/memory/mutation-commit';
import { InMemoryTokenVault } from '../../../shared/store/memory/token-vault';
import { FakeMeta } from './fake-meta';

export const WORKSPACE = 'ws-1';
/** The picked ad account, in dollars. */
export const USD_ACCOUNT = 'act_1';
/** A second ad account of the workspace, in yen. */
export const JPY_ACCOUNT = 'act_2';
export const START = '2026-12-01T10:00:00.000Z';

export const user: Principal = { sub: 'user-1', workspaceId: WORKSPACE, actor: 'user' };
export const agent: Principal = { sub: 'agent-1', workspaceId: WORKSPACE, actor: 'agent' };

/** The workspace's ad accounts as the asset inventory has them. */
class FakeAssetStore implements Pick<AssetStore, 'loadAll' | 'get'> {
  constructor(readonly assets: Asset[]) {}

  async loadAll(workspaceId: string, types: readonly AssetType[]): Promise<Asset[]> {
    return this.assets.filter((a) => a.workspaceId === workspaceId && types.includes(a.type));
  }

  async get(workspaceId: string, type: AssetType, id: string): Promise<Asset | undefined> {
    return this.assets.find((a) => a.workspaceId === workspaceId && a.type === type && a.id === id);
  }
}

function adAccount(id: string, currency: string): Asset {
  return {
    workspaceId: WORKSPACE,
    type: 'ad-accounts',
    id,
    name: `Account ${id}`,
    ownership: 'owned',
    tokenIds: ['tok-login'],
    accountId: id.replace(/^act_/, ''),
    currency,
    timezone: 'Europe/Berlin',
    accountStatus: 1,
    status: 'active',
    lastSeenRunId: 'run-1',
    changedRunId: 'run-1',
    change: 'added',
    firstSeenAt: START,
    updatedAt: START,
  };
}

/** The workspace's connection in the unit fixtures (campaigns, creatives): connected, act_1 picked. */
export const connection: Connection = {
  workspaceId: WORKSPACE,
  status: 'connected',
  generation: 1,
  revision: 0,
  metaUserId: 'meta-user-1',
  adAccountId: USD_ACCOUNT,
  scopes: ['ads_management', 'ads_read', 'business_management'],
  declinedScopes: [],
  connectedAt: START,
  updatedAt: START,
};

/** Its login token (secret `EAA-login-secret` in the vault). */
export const loginToken: TokenRef = {
  tokenId: 'tok-login',
  workspaceId: WORKSPACE,
  kind: 'user',
  label: 'Login',
  metaUserId: 'meta-user-1',
  secretId: 'secret-login',
  scopes: ['ads_management'],
  status: 'active',
  generation: 1,
  createdAt: START,
};

/**
 * Campaign management over the in-memory stores and a fake Meta: a connected workspace whose
 * picked ad account is act_1 (USD) beside act_2 (JPY), one login token, a fixed clock
 * (`advance` moves it) and ids that count up.
 */
export async function campaignWorld(options: { controls?: Controls; connected?: boolean } = {}) {
  let nowMs = Date.parse(START);
  const clock = () => new Date(nowMs);
  const objects = new InMemoryManagedObjectStore();
  const audit = new InMemoryAuditStore();
  const idempotency = new InMemoryIdempotencyStore({ now: clock });
  const approvals = new InMemoryApprovalStore();
  const commit = new InMemoryMutationCommit({ objects, audit, idempotency, approvals });
  const controls = new InMemoryControlsStore();
  const connections = new InMemoryConnectionStore();
  const vault = new InMemoryTokenVault();
  const assets = new FakeAssetStore([adAccount(USD_ACCOUNT, 'USD'), adAccount(JPY_ACCOUNT, 'JPY')]);
  const meta = new FakeMeta();
  const followUps: CreateFollowUp[] = [];
  if (options.connected ?? true) {
    await connections.put(connection);
    await connections.putToken(loginToken);
    await vault.put(loginToken.secretId, 'EAA-login-secret');
  }
  if (options.controls) await controls.put(WORKSPACE, options.controls);
  let ids = 0;
  const picks = new Map<string, string>();
  const deps: CampaignDeps = {
    connections,
    vault,
    assets,
    objects,
    controls,
    idempotency,
    approvals,
    audit,
    commit,
    meta,
    followUps: {
      send: async (followUp) => {
        followUps.push(followUp);
      },
    },
    recentPicks: {
      get: (workspaceId) => picks.get(workspaceId),
      remember: (workspaceId, adAccountId) => {
        picks.set(workspaceId, adAccountId);
      },
    },
    now: () => nowMs,
    newId: () => `id-${String(++ids).padStart(4, '0')}`,
  };
  return {
    deps,
    meta,
    objects,
    audit,
    idempotency,
    approvals,
    commit,
    controls,
    connections,
    vault,
    followUps,
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

export type CampaignWorld = Awaited<ReturnType<typeof campaignWorld>>;

/**
 * The mutation a route hands the service: the body parsed by the route's own schema (so
 * defaults apply), with the route's method and path.
 */
export function requestOf(
  level: ManagedLevel,
  op: MutationOp,
  id?: string,
  body?: Record<string, unknown>,
): MutationRequest {
  const schema = bodySchemaOf(level, op);
  const parsed = schema ? (schema.parse(body ?? {}) as Record<string, unknown>) : undefined;
  return mutationRequestOf(level, op, id, parsed);
}

/** A campaign create body: a daily budget in the picked (USD) account. */
export function campaignBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Winter sale',
    objective: 'OUTCOME_TRAFFIC',
    specialAdCategories: [],
    dailyBudget: 5000,
    ...overrides,
  };
}

export function adSetBody(
  campaignId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    campaignId,
    name: 'Adults US',
    billingEvent: 'IMPRESSIONS',
    optimizationGoal: 'LINK_CLICKS',
    targeting: { geoLocations: { countries: ['US'] }, ageMin: 18 },
    dailyBudget: 2000,
    ...overrides,
  };
}

/** A campaign the mirror already has (made through us), in act_1 unless told otherwise. */
export function mirroredCampaign(overrides: Partial<ManagedObject> = {}): ManagedObject {
  return {
    id: '500',
    level: 'campaign',
    adAccountId: USD_ACCOUNT,
    name: 'Spring',
    status: 'ACTIVE',
    currency: 'USD',
    objective: 'OUTCOME_TRAFFIC',
    specialAdCategories: [],
    dailyBudget: 3000,
    createdBy: { kind: 'user', sub: 'user-1' },
    createdAt: START,
    updatedAt: START,
    ...overrides,
  };
}

/** The mirrored campaign, also at the fake Meta (as it would be). */
export async function givenCampaign(world: CampaignWorld, overrides: Partial<ManagedObject> = {}) {
  const campaign = mirroredCampaign(overrides);
  await world.objects.put(campaign);
  world.meta.seed('campaign', campaign.adAccountId, {
    id: campaign.id,
    name: campaign.name,
    status: campaign.status,
    configured_status: campaign.status,
    objective: campaign.objective,
    special_ad_categories: [],
    ...(campaign.dailyBudget === undefined ? {} : { daily_budget: String(campaign.dailyBudget) }),
  });
  return campaign;
}

/** The AppError a promise rejects with; fails the test when it resolves. */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err: unknown) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal, got an answer');
}
