import {
  businessAssets,
  type ScenarioSpec,
  type SeededScenario,
  type SeededToken,
} from '../../../infra/local/meta-simulator';
import type { LocalRuntime } from '../../../infra/local/runtime';
import type { Asset } from '../../../shared/domain/asset-record';
import { DynamoAssetStore } from '../../../shared/store/dynamodb/asset-store';
import { DynamoConnectionStore } from '../../../shared/store/dynamodb/connection-store';
import { api, startTestRuntime } from '../support/runtime';
import {
  ASSET_PATHS,
  type ConnectedWorkspace,
  comparable,
  connectSeeded,
  expectedItems,
  listAll,
  simulatorOf,
} from './sync-fixture';

/** Ten BMs' tasks on a machine shared with other suites: more time than one BM's run needs. */
const IDLE_MS = 60_000;
const TEST_MS = 120_000;

/** Clicks Sync and waits for every queued message of the run. */
async function syncAndWait(rt: LocalRuntime, ws: ConnectedWorkspace) {
  const started = await api(rt, 'POST', '/meta/sync', { token: ws.jwt, body: {} });
  expect(started.status).toBe(202);
  await rt.idle(IDLE_MS);
  return (await api(rt, 'GET', `/meta/sync/${started.body.syncRunId}`, { token: ws.jwt })).body;
}

/** Ten BMs with a few assets of every kind (the tenant, scaled down). */
const TENANT: Omit<ScenarioSpec, 'systemUsers'> = {
  businesses: 10,
  tokens: 1,
  // The login user sees the first six BMs.
  userBusinesses: [[0, 1, 2, 3, 4, 5]],
  perBusiness: businessAssets({
    ownedAdAccounts: 2,
    clientAdAccounts: 2,
    ownedPages: 2,
    clientPages: 1,
    ownedPixels: 1,
    clientPixels: 1,
    ownedCatalogs: 2,
    clientCatalogs: 1,
  }),
  employeeAssigned: { adAccounts: 2, pages: 1 },
  adAccountPixels: 1,
  overlap: 0.5,
};
/** An admin system user of six BMs, two of them shared with the login user. */
const ADMIN_OF_SIX = { businesses: [4, 5, 6, 7, 8, 9], admin: true };

function tokenOfKind(seeded: SeededScenario, kind: SeededToken['kind']): SeededToken {
  const token = seeded.tokens.find((t) => t.kind === kind);
  if (!token) throw new Error(`the scenario has no ${kind} token`);
  return token;
}

async function expectGroundTruth(rt: LocalRuntime, ws: ConnectedWorkspace, seeded: SeededScenario) {
  for (const [kind, path] of Object.entries(ASSET_PATHS)) {
    const items = await listAll(rt, ws, path);
    expect(comparable(items)).toEqual(expectedItems(seeded.expected[kind as keyof typeof ASSET_PATHS], ws));
  }
}

/** An agency adds an admin system user precisely because it reaches everything its BMs own or manage. */
describe('system users reach Business Managers (local runtime + simulator)', () => {
  let rt: LocalRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(() => rt.stop());

  it(
    'syncs every asset of ten BMs that a login user (six) and an admin system user (six, two shared) reach, access merged',
    async () => {
      const sim = simulatorOf(rt);
      const seeded = sim.seed({ ...TENANT, systemUsers: [ADMIN_OF_SIX], seed: 31 });
      const ws = await connectSeeded(rt, 'ws-admin-system-user', seeded.tokens);
      const admin = tokenOfKind(seeded, 'system_user');

      const run = await syncAndWait(rt, ws);
      expect(run).toMatchObject({ status: 'succeeded', cleanup: 'done', tasks: { failed: 0 }, errors: [] });
      // One task per BM, one per token.
      expect(run.tasks.total).toBe(10 + 2);
      await expectGroundTruth(rt, ws, seeded);

      const adAccounts = await listAll(rt, ws, 'ad-accounts');
      for (const businessId of seeded.businessIds) {
        const owned = adAccounts.filter((a) => a.businessId === businessId && a.ownership === 'owned');
        expect(owned).toHaveLength(2);
      }
      // The two shared BMs' assets are reached through both tokens.
      const sharedBm = seeded.businessIds[4];
      const ownedByShared = adAccounts.filter((a) => a.businessId === sharedBm && a.ownership === 'owned');
      expect(
        ownedByShared.every((a) => [...a.tokenIds].sort().join() === ['login', admin.id].sort().join()),
      ).toBe(true);
      // BM 8 only the admin reads: its accounts are the admin's (some also reach the login user as assigned).
      const ofBm8 = adAccounts.filter(
        (a) => a.businessId === seeded.businessIds[8] && a.ownership === 'owned',
      );
      expect(ofBm8.every((a) => a.tokenIds.includes(admin.id))).toBe(true);
      expect(ofBm8.some((a) => a.tokenIds.join() === admin.id)).toBe(true);
    },
    TEST_MS,
  );

  it(
    'a regular system user refused on the edges of its BMs does not fail the run; what no token reaches any more is removed',
    async () => {
      const sim = simulatorOf(rt);
      // Listed on a BM the login user also sees (0) and on one only it is listed on (7).
      const seeded = sim.seed({ ...TENANT, systemUsers: [{ businesses: [0, 7], admin: false }], seed: 32 });
      const ws = await connectSeeded(rt, 'ws-regular-system-user', seeded.tokens);
      const regular = tokenOfKind(seeded, 'system_user');
      const unreachableBm = seeded.businessIds[7] ?? '';
      // Seen by an earlier run through a token that reached BM 7 then (say, before its admin role was taken).
      const at = new Date(Date.now() - 86_400_000).toISOString();
      const stale: Asset = {
        workspaceId: ws.workspaceId,
        type: 'ad-accounts',
        id: 'act_999000000000001',
        name: 'Formerly reachable account',
        ownership: 'owned',
        businessId: unreachableBm,
        tokenIds: [regular.id],
        status: 'active',
        lastSeenRunId: 'sr_earlier',
        changedRunId: 'sr_earlier',
        change: 'added',
        firstSeenAt: at,
        updatedAt: at,
        currency: 'EUR',
        timezone: 'Europe/Paris',
        accountStatus: 1,
      };
      await new DynamoAssetStore().putMany([stale]);
      sim.resetRequests();

      const run = await syncAndWait(rt, ws);
      expect(run).toMatchObject({ status: 'succeeded', cleanup: 'done', tasks: { failed: 0 }, errors: [] });
      expect(run.tasks.total).toBe(7 + 2);
      // Meta refused the regular system user on BM 7's edges (code 200), and nothing else was tried there.
      expect(sim.countRequests({ path: `/${unreachableBm}/owned_ad_accounts`, token: regular.id })).toBe(1);
      expect(sim.requests().find((r) => r.path === `/${unreachableBm}/owned_pages`)?.status).toBe(403);
      // Its assigned assets come through its own edges; everything reached is there.
      await expectGroundTruth(rt, ws, seeded);
      const withRemoved = await listAll(rt, ws, 'ad-accounts', true);
      expect(withRemoved.find((a) => a.id === stale.id)).toMatchObject({ status: 'removed' });
      expect(run.counts.removed).toBe(1);
    },
    TEST_MS,
  );

  it(
    'adding a token while connected syncs, and the new token’s assets appear without another click',
    async () => {
      const sim = simulatorOf(rt);
      const seeded = sim.seed({ ...TENANT, systemUsers: [ADMIN_OF_SIX], seed: 33 });
      const admin = tokenOfKind(seeded, 'system_user');
      const ws = await connectSeeded(
        rt,
        'ws-add-token',
        seeded.tokens.filter((t) => t.kind === 'user'),
      );
      const first = await syncAndWait(rt, ws);
      expect(first.status).toBe('succeeded');
      const before = await listAll(rt, ws, 'ad-accounts');
      expect(before.filter((a) => a.businessId === seeded.businessIds[8] && a.ownership === 'owned')).toEqual(
        [],
      );

      const added = await api(rt, 'POST', '/integrations/meta/tokens', {
        token: ws.jwt,
        body: { accessToken: admin.accessToken, label: 'Agency admin system user' },
      });
      expect(added.status).toBe(201);
      // debug_token's grants are kept with the token: its BMs are known even if /me/businesses omits one.
      const [stored] = (await new DynamoConnectionStore().listTokens(ws.workspaceId)).filter(
        (t) => t.tokenId === added.body.id,
      );
      expect([...(stored?.businessIds ?? [])].sort()).toEqual(
        ADMIN_OF_SIX.businesses.map((index) => seeded.businessIds[index]).sort(),
      );
      await rt.idle(IDLE_MS);

      const tokenId = added.body.id as string;
      ws.tokenIds.set(admin.id, tokenId);
      await expectGroundTruth(rt, ws, seeded);
      const connection = await api(rt, 'GET', '/integrations/meta', { token: ws.jwt });
      expect(connection.body.lastSync).toMatchObject({ status: 'succeeded' });
      expect(connection.body.lastSync.syncRunId).not.toBe(first.syncRunId);
      expect(connection.body.nextSync).toBeUndefined();
    },
    TEST_MS,
  );

  it(
    'a token added while a run is going is read by a follow-up run, and GET /integrations/meta says so meanwhile',
    async () => {
      const sim = simulatorOf(rt);
      const seeded = sim.seed({ ...TENANT, systemUsers: [ADMIN_OF_SIX], seed: 34 });
      const admin = tokenOfKind(seeded, 'system_user');
      const ws = await connectSeeded(
        rt,
        'ws-add-token-while-running',
        seeded.tokens.filter((t) => t.kind === 'user'),
      );
      sim.setLatency(150);
      try {
        const started = await api(rt, 'POST', '/meta/sync', { token: ws.jwt, body: {} });
        expect(started.status).toBe(202);
        const runningId = started.body.syncRunId as string;

        const added = await api(rt, 'POST', '/integrations/meta/tokens', {
          token: ws.jwt,
          body: { accessToken: admin.accessToken, label: 'Agency admin system user' },
        });
        expect(added.status).toBe(201);
        const meanwhile = await api(rt, 'GET', '/integrations/meta', { token: ws.jwt });
        expect(meanwhile.body.nextSync).toMatchObject({ reason: 'token_added', after: runningId });
        // Clicking Sync meanwhile still joins the run going.
        const again = await api(rt, 'POST', '/meta/sync', { token: ws.jwt, body: {} });
        expect(again.body.syncRunId).toBe(runningId);

        await rt.idle(IDLE_MS);
        const connection = await api(rt, 'GET', '/integrations/meta', { token: ws.jwt });
        expect(connection.body.nextSync).toBeUndefined();
        const followUpId = connection.body.lastSync.syncRunId as string;
        expect(followUpId > runningId).toBe(true);
        const followUp = await api(rt, 'GET', `/meta/sync/${followUpId}`, { token: ws.jwt });
        expect(followUp.body).toMatchObject({ status: 'succeeded', tasks: { total: 10 + 2, failed: 0 } });
      } finally {
        sim.setLatency(0);
      }
      ws.tokenIds.set(admin.id, `su-${admin.userId}`);
      await expectGroundTruth(rt, ws, seeded);
    },
    TEST_MS,
  );
});
