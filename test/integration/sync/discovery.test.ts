import { businessAssets } from '../../../infra/local/meta-simulator';
import type { LocalRuntime } from '../../../infra/local/runtime';
import { api, startTestRuntime } from '../support/runtime';
import {
  ASSET_PATHS,
  comparable,
  connectSeeded,
  expectedItems,
  listAll,
  simulatorOf,
  syncAndWait,
} from './sync-fixture';

/** A marketer connects, clicks Sync, and finds every asset their tokens can reach. */
describe('asset sync discovers every asset (local runtime + simulator)', () => {
  let rt: LocalRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(() => rt.stop());

  it('finds owned, client and assigned assets of every BM and token, merged, with the strongest ownership', async () => {
    const sim = simulatorOf(rt);
    const seeded = sim.seed({
      businesses: 3,
      tokens: 2,
      systemUserTokens: 1,
      perBusiness: businessAssets({
        ownedAdAccounts: 6,
        clientAdAccounts: 4,
        ownedPages: 5,
        clientPages: 3,
        ownedPixels: 3,
        clientPixels: 2,
        ownedCatalogs: 4,
        clientCatalogs: 2,
      }),
      employeeAssigned: { adAccounts: 5, pages: 4 },
      adAccountPixels: 2,
      overlap: 0.5,
      seed: 7,
    });
    const ws = await connectSeeded(rt, 'ws-discovery', seeded.tokens);
    sim.resetRequests();

    const run = await syncAndWait(rt, ws);
    expect(run).toMatchObject({
      status: 'succeeded',
      cleanup: 'done',
      tasks: { failed: 0 },
      errors: [],
    });
    // One task per BM and one per token.
    expect(run.tasks.total).toBe(seeded.businessIds.length + seeded.tokens.length);

    for (const [kind, path] of Object.entries(ASSET_PATHS)) {
      const items = await listAll(rt, ws, path);
      const expected = seeded.expected[kind as keyof typeof ASSET_PATHS];
      expect(comparable(items)).toEqual(expectedItems(expected, ws));
    }
    const total = Object.values(seeded.expected).reduce((n, list) => n + list.length, 0);
    expect(run.counts).toEqual({ found: total, added: total, updated: 0, removed: 0 });

    // Every ownership kind is present, and duplicates across BMs and tokens became one item.
    const adAccounts = await listAll(rt, ws, 'ad-accounts');
    expect(new Set(adAccounts.map((a) => a.ownership))).toEqual(new Set(['owned', 'client', 'assigned']));
    expect(adAccounts.some((a) => a.tokenIds.length > 1)).toBe(true);
    expect(new Set(adAccounts.map((a) => a.id)).size).toBe(adAccounts.length);
    const pixels = await listAll(rt, ws, 'pixels');
    expect(pixels.some((p) => p.ownership === 'assigned' && p.businessId !== undefined)).toBe(true);
    const account = adAccounts.find((a) => a.ownership === 'owned');
    expect(account).toMatchObject({
      status: 'active',
      currency: expect.any(String),
      timezone: expect.any(String),
    });
    expect(typeof account.accountStatus).toBe('number');

    // Every edge read once, with the largest page and only the needed fields.
    const requests = sim.requests();
    const bmEdges = requests.filter((r) => /^\/\d+\/(owned|client)_/.test(r.path));
    expect(bmEdges).toHaveLength(seeded.businessIds.length * 8);
    expect(requests.every((r) => r.status === 200)).toBe(true);

    const notifications = await api(rt, 'GET', '/notifications', { token: ws.jwt });
    expect(notifications.body.items[0]).toMatchObject({
      kind: 'sync_succeeded',
      found: total,
      added: total,
      updated: 0,
      removed: 0,
      data: { syncRunId: run.syncRunId },
    });
    const connection = await api(rt, 'GET', '/integrations/meta', { token: ws.jwt });
    expect(connection.body.lastSync).toMatchObject({ syncRunId: run.syncRunId, status: 'succeeded' });
  });

  it('pages long edges to the end with the largest page, and a re-sync of an unchanged tenant rewrites nothing', async () => {
    const sim = simulatorOf(rt);
    const seeded = sim.seed({
      businesses: 1,
      tokens: 1,
      perBusiness: businessAssets({ ownedAdAccounts: 2, ownedPages: 1100, ownedPixels: 1, ownedCatalogs: 1 }),
      seed: 11,
    });
    const ws = await connectSeeded(rt, 'ws-long-edges', seeded.tokens);
    const [businessId] = seeded.businessIds;
    sim.resetRequests();

    const first = await syncAndWait(rt, ws, { assetTypes: ['pages'] });
    expect(first).toMatchObject({
      status: 'succeeded',
      assetTypes: ['pages'],
      counts: { found: 1100, added: 1100 },
    });
    expect(sim.countRequests({ path: `/${businessId}/owned_pages` })).toBe(3);
    expect(sim.countRequests({ path: `/${businessId}/owned_ad_accounts` })).toBe(0);
    const pages = await listAll(rt, ws, 'pages');
    expect(comparable(pages)).toEqual(expectedItems(seeded.expected.pages, ws));
    // Only the synced type was touched.
    expect(await listAll(rt, ws, 'ad-accounts')).toEqual([]);

    const second = await syncAndWait(rt, ws, { assetTypes: ['pages'] });
    expect(second).toMatchObject({
      status: 'succeeded',
      cleanup: 'done',
      counts: { found: 1100, added: 0, updated: 0, removed: 0 },
    });
    const again = await listAll(rt, ws, 'pages');
    expect(again.map((p) => [p.id, p.updatedAt, p.lastSeenRunId])).toEqual(
      pages.map((p) => [p.id, p.updatedAt, p.lastSeenRunId]),
    );
    expect(again.every((p) => p.lastSeenRunId === first.syncRunId)).toBe(true);
  });

  it('syncs every connected workspace on the periodic schedule', async () => {
    const sim = simulatorOf(rt);
    const seeded = sim.seed({
      businesses: 1,
      tokens: 1,
      perBusiness: businessAssets({ ownedAdAccounts: 1, ownedPages: 1 }),
      seed: 12,
    });
    const ws = await connectSeeded(rt, 'ws-scheduled', seeded.tokens);
    await rt.fireSchedule('asset-sync');
    await rt.idle(20_000);
    const notifications = await api(rt, 'GET', '/notifications', { token: ws.jwt });
    expect(notifications.body.items[0]).toMatchObject({ kind: 'sync_succeeded', found: 2, added: 2 });
    const connection = await api(rt, 'GET', '/integrations/meta', { token: ws.jwt });
    expect(connection.body.lastSync).toMatchObject({ status: 'succeeded' });
  });
});
