import type { LocalRuntime } from '../../../infra/local/runtime';
import { api, startTestRuntime } from '../support/runtime';
import { comparable, connectSeeded, expectedItems, listAll, simulatorOf, syncAndWait } from './sync-fixture';

const small = {
  ownedAdAccounts: 3,
  clientAdAccounts: 1,
  ownedPages: 2,
  clientPages: 1,
  ownedPixels: 1,
  clientPixels: 1,
  ownedCatalogs: 1,
  clientCatalogs: 1,
};

/** Meta misbehaves: a token is revoked mid-sync, a BM is throttled. Nothing is lost. */
describe('asset sync under a revoked token and throttling (local runtime + simulator)', () => {
  let rt: LocalRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(() => rt.stop());

  it('falls over to the second token when the login token is revoked, and asks to reconnect', async () => {
    const sim = simulatorOf(rt);
    const seeded = sim.seed({
      businesses: 2,
      tokens: 1,
      perBusiness: small,
      employeeAssigned: { adAccounts: 2, pages: 1 },
      overlap: 0,
      seed: 31,
    });
    const [loginToken] = seeded.tokens;
    if (!loginToken) throw new Error('no token seeded');
    // A second long-lived token of the same person, as a second login would give.
    const query = new URLSearchParams({
      grant_type: 'fb_exchange_token',
      client_id: sim.appId,
      client_secret: sim.appSecret,
      fb_exchange_token: loginToken.accessToken,
    });
    const exchanged = (await (await fetch(`${sim.url}/v26.0/oauth/access_token?${query}`)).json()) as {
      access_token: string;
    };
    const ws = await connectSeeded(rt, 'ws-failover', [
      loginToken,
      { ...loginToken, id: 'second', accessToken: exchanged.access_token },
    ]);

    const first = await syncAndWait(rt, ws);
    expect(first.status).toBe('succeeded');
    const before = await listAll(rt, ws, 'ad-accounts');
    expect(before.every((a) => a.tokenIds.join() === 'login,second')).toBe(true);

    // Revoked after planning: every read of the login token is refused from now on.
    const fault = sim.addFault({
      path: '^/(\\d+|me)/(owned_|client_|adaccounts|accounts)',
      token: loginToken.accessToken,
      status: 400,
      error: { code: 190, error_subcode: 460 },
    });
    try {
      sim.resetRequests();
      const second = await syncAndWait(rt, ws);
      // Both BMs were read through the second token; only the login token's own task failed.
      expect(second).toMatchObject({ status: 'partial', cleanup: 'skipped', tasks: { total: 4, failed: 1 } });
      expect(second.errors).toEqual([
        expect.objectContaining({ taskId: 'token-login', code: 'meta_token_invalid' }),
      ]);
      const refused = sim.requests().filter((r) => r.status === 400 && /^\/\d+\//.test(r.path));
      expect(refused.length).toBeGreaterThan(0);
      for (const kind of ['adAccounts', 'pages', 'pixels', 'catalogs'] as const) {
        const path = { adAccounts: 'ad-accounts', pages: 'pages', pixels: 'pixels', catalogs: 'catalogs' }[
          kind
        ];
        const items = await listAll(rt, ws, path);
        expect(items.map((i) => i.id).sort()).toEqual(
          expectedItems(seeded.expected[kind], ws).map((i) => i.id),
        );
        expect(items.every((i) => i.tokenIds.join() === 'second')).toBe(true);
      }

      const connection = await api(rt, 'GET', '/integrations/meta', { token: ws.jwt });
      expect(connection.body.status).toBe('needs_reauth');
      expect(connection.body.tokens).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: 'login', status: 'invalid' }),
          expect.objectContaining({ id: 'second', status: 'active' }),
        ]),
      );
      const notifications = await api(rt, 'GET', '/notifications', { token: ws.jwt });
      expect(notifications.body.items.map((n: { kind: string }) => n.kind)).toEqual(
        expect.arrayContaining(['reconnect_required', 'sync_partial']),
      );

      // The next sync leaves the invalid token out and is complete again.
      const third = await syncAndWait(rt, ws);
      expect(third).toMatchObject({ status: 'succeeded', cleanup: 'done', counts: { removed: 0 } });
    } finally {
      sim.removeFault(fault);
    }
  });

  it('waits out a throttle by requeueing the task with a delay, resuming where it stopped, losing nothing', async () => {
    const sim = simulatorOf(rt);
    const seeded = sim.seed({
      businesses: 2,
      tokens: 1,
      perBusiness: { ...small, ownedPages: 700 },
      seed: 32,
    });
    const ws = await connectSeeded(rt, 'ws-throttled', seeded.tokens);
    const [throttled] = seeded.businessIds;
    sim.resetRequests();
    const fault = sim.addFault({
      path: `/${throttled}/owned_pages`,
      times: 1,
      status: 400,
      error: { code: 17, error_subcode: 2446079 },
      // 3.6 s: longer than the client sleeps inline, so the task goes back on the queue.
      regainAccessMinutes: 0.06,
    });
    try {
      const run = await syncAndWait(rt, ws);
      expect(run).toMatchObject({ status: 'succeeded', cleanup: 'done', tasks: { failed: 0 } });
      expect(Date.parse(run.finishedAt) - Date.parse(run.startedAt)).toBeGreaterThanOrEqual(3000);
      expect(comparable(await listAll(rt, ws, 'pages'))).toEqual(expectedItems(seeded.expected.pages, ws));
      expect(comparable(await listAll(rt, ws, 'ad-accounts'))).toEqual(
        expectedItems(seeded.expected.adAccounts, ws),
      );
      const served = sim.requests().filter((r) => r.path.startsWith(`/${throttled}/`));
      expect(served.filter((r) => r.path.endsWith('/owned_pages')).map((r) => r.status)).toEqual([
        400, 200, 200,
      ]);
      // Edges read before the wait were not read again.
      const okPerEdge = new Map<string, number>();
      for (const r of served) if (r.status === 200) okPerEdge.set(r.path, (okPerEdge.get(r.path) ?? 0) + 1);
      for (const [path, count] of okPerEdge)
        expect([path, count]).toEqual([path, path.endsWith('/owned_pages') ? 2 : 1]);
    } finally {
      sim.removeFault(fault);
    }
  });
});
