import { businessAssets, type MetaSimulator, startMetaSimulator } from '@infra/local/meta-simulator';
import * as z from 'zod';
import { GraphClient } from '../../../shared/meta/graph-client';
import { GraphMetaLoginApi } from '../../../shared/meta/meta-login-graph';
import { decideLogin } from '../support/meta-login';

const REDIRECT_URI = 'http://127.0.0.1:9/integrations/meta/callback';
const silent = { warn: () => undefined, debug: () => undefined };

/** URLs end up in logs: our client must never put a token or a secret in one (issue 13 §7). */
describe('the Graph client keeps tokens and secrets out of URLs', () => {
  let sim: MetaSimulator;

  beforeAll(async () => {
    sim = await startMetaSimulator({
      seed: {
        businesses: 2,
        // The login takes the first person; the second keeps a live token for the paging test.
        tokens: 2,
        perBusiness: businessAssets({ ownedAdAccounts: 7, ownedPages: 3 }),
        employeeAssigned: { adAccounts: 3, pages: 1 },
      },
    });
  });
  afterAll(() => sim.close());

  it('sends every token as a header through a connect- and sync-like series of calls', async () => {
    const graph = new GraphClient({
      baseUrl: sim.url,
      version: 'v26.0',
      appSecret: sim.appSecret,
      logger: silent,
    });
    const login = new GraphMetaLoginApi(graph, { appId: sim.appId, appSecret: sim.appSecret });
    const authorize = new URL(`${sim.url}/v26.0/dialog/oauth`);
    for (const [name, value] of Object.entries({
      client_id: sim.appId,
      redirect_uri: REDIRECT_URI,
      state: 'state-1',
      scope: 'ads_management,business_management,pages_show_list',
    }))
      authorize.searchParams.set(name, value);
    const code = (await decideLogin(authorize.toString(), 'continue')).searchParams.get('code') ?? '';
    sim.resetRequests();

    // Connect: exchanges, debug_token, the ad account list, the pick and its webhook subscription.
    const shortLived = await login.exchangeCode(code, REDIRECT_URI);
    const { accessToken } = await login.exchangeForLongLived(shortLived.accessToken);
    expect((await login.debugToken(accessToken)).isValid).toBe(true);
    const accounts = await login.listAdAccounts(accessToken);
    const picked = accounts[0]?.id ?? '';
    await login.readAdAccount(accessToken, picked);
    await login.subscribeApp(accessToken, picked);

    // Sync: BMs, their edges over several pages, a batch of node reads.
    const businesses = await graph.pageAll('/me/businesses', {
      accessToken,
      schema: z.object({ id: z.string() }),
    });
    expect(businesses.length).toBeGreaterThan(0);
    for (const business of businesses) {
      const owned = await graph.pageAll(`/${business.id}/owned_ad_accounts`, { accessToken, limit: 2 });
      expect(owned.length).toBeGreaterThan(2);
    }
    const reads = await graph.batch(
      accounts.map((account) => ({
        method: 'GET' as const,
        path: `/${account.id}`,
        params: { fields: 'name' },
      })),
      { accessToken },
    );
    expect(reads.every((read) => read.ok)).toBe(true);

    // Disconnect: unsubscribe first, the revoke last.
    await login.unsubscribeApp(accessToken, picked);
    await login.revokePermissions(accessToken);

    const log = sim.requests();
    expect(log.filter((entry) => entry.status >= 400)).toEqual([]);
    expect(log.filter((entry) => entry.viaBatch)).toHaveLength(accounts.length + 1);
    expect(sim.countRequests({ path: /_ad_accounts$/ })).toBeGreaterThan(businesses.length);
    expect(log.filter((entry) => entry.path === '/oauth/access_token').map((e) => e.method)).toEqual([
      'POST',
      'POST',
    ]);
    // Every token came as a header; no URL on the wire carried a token or a secret. debug_token's
    // `input_token` rides in a batch item, whose relative_url is part of the POST body.
    expect(new Set(log.map((entry) => entry.tokenIn))).toEqual(new Set(['header']));
    expect(log.filter((entry) => !entry.viaBatch).flatMap((entry) => entry.secretsInUrl)).toEqual([]);
    expect(log.find((entry) => entry.path === '/debug_token')).toMatchObject({
      viaBatch: true,
      secretsInUrl: ['input_token'],
    });
  });

  it('answers a header-token call with next links that carry the token, as Meta’s do', async () => {
    const token = sim.scenario.tokens[1]?.accessToken ?? '';
    const business = sim.scenario.businessIds[1] ?? '';
    const graph = new GraphClient({
      baseUrl: sim.url,
      version: 'v26.0',
      appSecret: sim.appSecret,
      logger: silent,
    });
    const pages = [];
    for await (const page of graph.pages(`/${business}/owned_ad_accounts`, { accessToken: token, limit: 3 }))
      pages.push(page);
    expect(pages.length).toBe(3);

    const first = await graph.transport.execute(
      { method: 'GET', path: `/${business}/owned_ad_accounts`, params: { limit: 3 } },
      { accessToken: token },
    );
    const next = new URL((first.body as { paging: { next: string } }).paging.next);
    expect(next.searchParams.get('access_token')).toBe(token);
    expect(sim.requests().at(-1)?.tokenIn).toBe('header');
  });
});
