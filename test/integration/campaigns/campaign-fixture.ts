import type { LocalRuntime } from '../../../infra/local/runtime';
import { connectThroughMeta } from '../support/meta-login';
import { type ApiAnswer, api, startTestRuntime } from '../support/runtime';

export interface CampaignWorld {
  rt: LocalRuntime;
  /** The dashboard user's JWT and an agent's of the same workspace. */
  user: string;
  agent: string;
  adAccountId: string;
  currency: string;
}

/**
 * A workspace as a marketer leaves it before managing campaigns: connected through the
 * simulator's Facebook Login, an ad account picked, the first asset sync finished.
 */
export async function connectedWorkspace(
  options: { workspaceId?: string; rt?: LocalRuntime; currency?: string } = {},
): Promise<CampaignWorld> {
  const rt = options.rt ?? (await startTestRuntime());
  const workspaceId = options.workspaceId ?? 'dev-workspace';
  const user = rt.token({ workspace_id: workspaceId, sub: `${workspaceId}-user` });
  const agent = rt.token({ workspace_id: workspaceId, sub: `${workspaceId}-agent`, actor: 'agent' });
  const confirmed = await connectThroughMeta(rt, user);
  if (confirmed.status !== 200) throw new Error(`confirm answered ${confirmed.status}`);
  await rt.idle(30_000);
  const accounts = await api(rt, 'GET', '/meta/assets/ad-accounts?limit=200', { token: user });
  const usable = (accounts.body.items as { id: string; currency?: string; accountStatus?: number }[]).filter(
    (a) => a.currency && (options.currency === undefined || a.currency === options.currency),
  );
  const account = usable[0];
  if (!account?.currency)
    throw new Error(`no ad account${options.currency ? ` in ${options.currency}` : ''}`);
  const picked = await api(rt, 'PUT', '/integrations/meta/ad-account', {
    token: user,
    body: { adAccountId: account.id },
  });
  if (picked.status !== 200)
    throw new Error(`pick answered ${picked.status}: ${JSON.stringify(picked.body)}`);
  return { rt, user, agent, adAccountId: account.id, currency: account.currency };
}

/** What "Meta" (the simulator) holds in the world's ad account: its objects and create calls. */
export function metaObjectsOf(world: CampaignWorld) {
  const objects = world.rt.simulator?.adObjects(world.adAccountId);
  if (!objects) throw new Error('the simulator has no such ad account');
  return objects;
}

let keys = 0;
/** A fresh Idempotency-Key, as a client makes one per intended change. */
export function newKey(): string {
  keys++;
  return `key-${Date.now().toString(36)}-${keys}`;
}

/** A mutation as the dashboard sends it: JSON body, an Idempotency-Key. */
export function mutate(
  world: CampaignWorld,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; key?: string | null } = {},
): Promise<ApiAnswer> {
  const key = options.key === undefined ? newKey() : options.key;
  return api(world.rt, method, path, {
    token: options.token ?? world.user,
    ...(options.body !== undefined ? { body: options.body } : {}),
    headers: key === null ? {} : { 'idempotency-key': key },
  });
}

/** A campaign body with a daily budget (minor units of the account's currency). */
export function campaignBody(overrides: Record<string, unknown> = {}) {
  return {
    name: `Winter sale ${keys}`,
    objective: 'OUTCOME_TRAFFIC',
    specialAdCategories: [],
    dailyBudget: 5000,
    ...overrides,
  };
}

/** An ad set body under a campaign without a budget. */
export function adSetBody(campaignId: string, overrides: Record<string, unknown> = {}) {
  return {
    campaignId,
    name: `Adults US ${keys}`,
    billingEvent: 'IMPRESSIONS',
    optimizationGoal: 'LINK_CLICKS',
    targeting: { geoLocations: { countries: ['US'] }, ageMin: 18 },
    dailyBudget: 2000,
    ...overrides,
  };
}
