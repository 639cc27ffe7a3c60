import { type MetaSimulator, startMetaSimulator } from '@infra/local/meta-simulator';
import { GraphClient } from '../../../shared/meta/graph-client';
import type { GraphParams } from '../../../shared/meta/graph-transport';
import { getUrl, graphGet, proofOf, ZERO_COUNTS } from './graph-test-client';

const silent = { warn: () => undefined, debug: () => undefined };

/** A simulator with one user who reaches ten ad accounts (currencies vary), and its client. */
export async function startAdWorld(extra: Record<string, unknown> = {}): Promise<{
  sim: MetaSimulator;
  token: string;
  graph: GraphClient;
  accountIn(currency: string): Promise<string>;
}> {
  const sim = await startMetaSimulator({
    seed: {
      businesses: 1,
      tokens: 1,
      perBusiness: { ...ZERO_COUNTS, ownedAdAccounts: 12 },
      adAccountDsa: { beneficiary: 'Acme GmbH', payor: 'Acme GmbH' },
      adReviewSeconds: 0.3,
      ...extra,
    },
  });
  const token = sim.scenario.tokens[0]?.accessToken ?? '';
  const graph = new GraphClient({
    baseUrl: sim.url,
    version: 'v26.0',
    appSecret: sim.appSecret,
    backoff: { baseMs: 5, capMs: 20 },
    timeoutMs: 2000,
    logger: silent,
  });
  const accountIn = async (currency: string) => {
    for (const asset of sim.scenario.expected.adAccounts) {
      const answer = await graphGet(sim, `/${asset.id}`, token, { fields: 'currency' });
      if (answer.body.currency === currency) return asset.id;
    }
    throw new Error(`no seeded ad account in ${currency}`);
  };
  return { sim, token, graph, accountIn };
}

/** `POST` (or `DELETE`) a form as our client does, answering the raw status and body. */
export async function graphWrite(
  sim: MetaSimulator,
  token: string,
  path: string,
  params: GraphParams,
  method: 'POST' | 'DELETE' = 'POST',
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const form = new URLSearchParams({ appsecret_proof: proofOf(sim, token) });
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined)
      form.set(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  const answer = await getUrl(`${sim.url}/v26.0${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  return answer;
}

export const US_TARGETING = {
  geo_locations: { countries: ['US'] },
  targeting_automation: { advantage_audience: 0 },
};
export const DE_TARGETING = {
  geo_locations: { countries: ['DE'] },
  targeting_automation: { advantage_audience: 0 },
};

export function campaignParams(extra: GraphParams = {}): GraphParams {
  return {
    name: 'Spring sale',
    objective: 'OUTCOME_TRAFFIC',
    special_ad_categories: [],
    status: 'PAUSED',
    is_adset_budget_sharing_enabled: false,
    ...extra,
  };
}

export function adSetParams(campaignId: string, extra: GraphParams = {}): GraphParams {
  return {
    name: 'US adults',
    campaign_id: campaignId,
    daily_budget: 1000,
    billing_event: 'IMPRESSIONS',
    optimization_goal: 'LINK_CLICKS',
    bid_strategy: 'LOWEST_COST_WITHOUT_CAP',
    targeting: US_TARGETING,
    status: 'PAUSED',
    ...extra,
  };
}
