import {
  type ExpectedAsset,
  type MetaSimulator,
  type Ownership,
  type ScenarioSpec,
  type SeededToken,
  startMetaSimulator,
} from '@infra/local/meta-simulator';
import { graphGet, pageOf, proofOf, readAllPages } from './graph-test-client';

const TEN_THOUSAND: ScenarioSpec = {
  businesses: 10,
  tokens: 2,
  systemUserTokens: 1,
  perBusiness: {
    ownedAdAccounts: 400,
    clientAdAccounts: 100,
    ownedPages: 250,
    clientPages: 50,
    ownedPixels: 80,
    clientPixels: 20,
    ownedCatalogs: 60,
    clientCatalogs: 40,
  },
  employeeAssigned: { adAccounts: 30, pages: 10 },
  adAccountPixels: 2,
  overlap: 0.3,
  seed: 42,
};

const STRENGTH: Record<Ownership, number> = { owned: 3, client: 2, assigned: 1 };
type Found = Map<string, { ownership: Ownership; tokenIds: Set<string> }>;

function note(found: Found, id: string, ownership: Ownership, tokenId: string): void {
  const current = found.get(id);
  if (!current) {
    found.set(id, { ownership, tokenIds: new Set([tokenId]) });
    return;
  }
  if (STRENGTH[ownership] > STRENGTH[current.ownership]) current.ownership = ownership;
  current.tokenIds.add(tokenId);
}

describe('Meta simulator scenario seeding', () => {
  let sim: MetaSimulator;

  beforeAll(async () => {
    sim = await startMetaSimulator();
  });
  afterAll(() => sim.close());

  it('builds a 10 BM × 2 token tenant of ~10 000 assets well under a second', () => {
    const started = performance.now();
    const scenario = sim.seed(TEN_THOUSAND);
    const elapsed = performance.now() - started;
    const { adAccounts, pages, pixels, catalogs } = scenario.expected;
    const total = adAccounts.length + pages.length + pixels.length + catalogs.length;
    expect(elapsed).toBeLessThan(1000);
    expect(total).toBeGreaterThan(9000);
    expect(scenario.businessIds).toHaveLength(10);
    expect(scenario.tokens.map((token) => token.kind)).toEqual(['user', 'user', 'system_user']);
  });

  it('is deterministic: the same spec on a fresh simulator gives the same tenant', async () => {
    const spec: ScenarioSpec = {
      ...TEN_THOUSAND,
      perBusiness: { ...TEN_THOUSAND.perBusiness, ownedAdAccounts: 40 },
    };
    const first = await startMetaSimulator({ seed: spec });
    const second = await startMetaSimulator({ seed: spec });
    try {
      expect(second.scenario).toEqual(first.scenario);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('ground truth: ownership precedence, overlaps reached by two tokens, shared pixels assigned', () => {
    const scenario = sim.seed(TEN_THOUSAND);
    const [userA, userB, systemUser] = scenario.tokens;
    const all = [
      ...scenario.expected.adAccounts,
      ...scenario.expected.pages,
      ...scenario.expected.pixels,
      ...scenario.expected.catalogs,
    ];
    expect(
      all.filter(
        (asset) => asset.tokenIds.length === 0 || new Set(asset.tokenIds).size !== asset.tokenIds.length,
      ),
    ).toEqual([]);
    const byOwnership = (assets: ExpectedAsset[], ownership: Ownership) =>
      assets.filter((asset) => asset.ownership === ownership);
    const accounts = scenario.expected.adAccounts;
    expect(byOwnership(accounts, 'owned').length).toBe(4000);
    // 30% of each BM's client accounts are the next BM's owned ones: owned wins, two tokens reach them.
    const shared = accounts.filter(
      (asset) =>
        asset.ownership === 'owned' &&
        asset.tokenIds.includes(userA?.id ?? '') &&
        asset.tokenIds.includes(userB?.id ?? ''),
    );
    expect(shared.length).toBeGreaterThanOrEqual(10 * 30);
    expect(byOwnership(accounts, 'client').length).toBe(10 * 70);
    expect(byOwnership(accounts, 'assigned').length).toBeGreaterThan(0);
    const tenantBusinesses = new Set(scenario.businessIds);
    expect(
      byOwnership(accounts, 'owned').filter((asset) => !tenantBusinesses.has(asset.businessId ?? '')),
    ).toEqual([]);
    expect(byOwnership(accounts, 'assigned').filter((asset) => asset.businessId !== undefined)).toEqual([]);

    // System-user assigned assets inside a user's BM stay owned, with both tokens.
    const systemReached = all.filter((asset) => asset.tokenIds.includes(systemUser?.id ?? ''));
    expect(systemReached.length).toBeGreaterThan(0);
    expect(systemReached.filter((asset) => asset.tokenIds.length >= 2).length).toBeGreaterThan(0);

    const partnerPixels = scenario.expected.pixels.filter((asset) => asset.name.startsWith('Partner Pixel'));
    expect(partnerPixels.length).toBeGreaterThan(0);
    expect(partnerPixels.filter((pixel) => pixel.ownership !== 'assigned')).toEqual([]);
  });

  it('a crawl of every discovery edge finds exactly the ground truth', async () => {
    const scenario = sim.seed({
      businesses: 3,
      tokens: 2,
      systemUserTokens: 1,
      perBusiness: {
        ownedAdAccounts: 12,
        clientAdAccounts: 6,
        ownedPages: 5,
        clientPages: 3,
        ownedPixels: 3,
        clientPixels: 2,
        ownedCatalogs: 2,
        clientCatalogs: 2,
      },
      employeeAssigned: { adAccounts: 6, pages: 3 },
      adAccountPixels: 2,
      overlap: 0.5,
      seed: 3,
    });
    const found: Record<'adAccounts' | 'pages' | 'pixels' | 'catalogs', Found> = {
      adAccounts: new Map(),
      pages: new Map(),
      pixels: new Map(),
      catalogs: new Map(),
    };
    const readEdge = async (token: SeededToken, path: string) => {
      const url = new URL(`${sim.url}/v26.0${path}`);
      url.searchParams.set('access_token', token.accessToken);
      url.searchParams.set('appsecret_proof', proofOf(sim, token.accessToken));
      url.searchParams.set('limit', '500');
      return (await readAllPages(url.toString())).rows.map((row) => String(row.id));
    };
    for (const token of scenario.tokens) {
      const me = await graphGet(sim, '/me', token.accessToken);
      const meId = String(me.body.id);
      const businesses = pageOf(await graphGet(sim, '/me/businesses', token.accessToken)).data.map((row) =>
        String(row.id),
      );
      const edges: [keyof typeof found, string, Ownership][] = [];
      for (const business of businesses) {
        edges.push(
          ['adAccounts', `/${business}/owned_ad_accounts`, 'owned'],
          ['adAccounts', `/${business}/client_ad_accounts`, 'client'],
          ['pages', `/${business}/owned_pages`, 'owned'],
          ['pages', `/${business}/client_pages`, 'client'],
          ['pixels', `/${business}/owned_pixels`, 'owned'],
          ['pixels', `/${business}/client_pixels`, 'client'],
          ['catalogs', `/${business}/owned_product_catalogs`, 'owned'],
          ['catalogs', `/${business}/client_product_catalogs`, 'client'],
        );
      }
      if (token.kind === 'user') {
        edges.push(['adAccounts', '/me/adaccounts', 'assigned'], ['pages', '/me/accounts', 'assigned']);
      } else {
        edges.push(
          ['adAccounts', `/${meId}/assigned_ad_accounts`, 'assigned'],
          ['pages', `/${meId}/assigned_pages`, 'assigned'],
          ['catalogs', `/${meId}/assigned_product_catalogs`, 'assigned'],
        );
      }
      for (const [kind, path, ownership] of edges) {
        for (const id of await readEdge(token, path)) note(found[kind], id, ownership, token.id);
      }
      const reachedAccounts = [...found.adAccounts].filter(([, seen]) => seen.tokenIds.has(token.id));
      for (const [accountId] of reachedAccounts) {
        for (const id of await readEdge(token, `/${accountId}/adspixels`))
          note(found.pixels, id, 'assigned', token.id);
      }
    }
    for (const kind of Object.keys(found) as (keyof typeof found)[]) {
      const crawled = [...found[kind]]
        .map(([id, seen]) => ({ id, ownership: seen.ownership, tokenIds: [...seen.tokenIds].sort() }))
        .sort((a, b) => a.id.localeCompare(b.id));
      const expected = scenario.expected[kind]
        .map((asset) => ({ id: asset.id, ownership: asset.ownership, tokenIds: [...asset.tokenIds].sort() }))
        .sort((a, b) => a.id.localeCompare(b.id));
      expect(crawled).toEqual(expected);
    }
  });
});
