import {
  businessAssets,
  type MetaSimulator,
  type SeededToken,
  startMetaSimulator,
} from '@infra/local/meta-simulator';
import * as z from 'zod';
import { GraphClient, type GraphClientOptions } from '../../../shared/meta/graph-client';
import { pagingCheckpointOf } from '../../../shared/meta/graph-paging';
import { withTokenFailover } from '../../../shared/meta/token-failover';
import {
  MetaPermissionError,
  MetaRequestError,
  MetaThrottledError,
  MetaTokenInvalidError,
  MetaTransientError,
} from '../../../shared/platform/errors';

const ZERO = businessAssets({});
const AD_ACCOUNTS = 2600;
const adAccount = z.object({ id: z.string(), name: z.string() });
const silent = { warn: () => undefined, debug: () => undefined };

describe('GraphClient against the Graph simulator', () => {
  let sim: MetaSimulator;
  let token: SeededToken;
  let businessId: string;
  let adAccountIds: string[];

  beforeAll(async () => {
    sim = await startMetaSimulator({
      requireAppsecretProof: true,
      seed: { businesses: 1, tokens: 3, perBusiness: { ...ZERO, ownedAdAccounts: AD_ACCOUNTS } },
    });
    const owner = sim.scenario.tokens.find((t) =>
      sim.scenario.expected.adAccounts.some((a) => a.tokenIds.includes(t.id)),
    );
    if (!owner) throw new Error('the seed gave no token that reaches the ad accounts');
    token = owner;
    businessId = sim.scenario.businessIds[0] ?? '';
    adAccountIds = sim.scenario.expected.adAccounts.map((a) => a.id);
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.clearFaults();
    sim.setLatency(0);
    sim.resetRequests();
  });

  /** A client as a Lambda builds it, with test-sized backoff. */
  const client = (options: Partial<GraphClientOptions> = {}) =>
    new GraphClient({
      baseUrl: sim.url,
      version: 'v26.0',
      appSecret: sim.appSecret,
      backoff: { baseMs: 10, capMs: 50 },
      logger: silent,
      ...options,
    });
  const edge = () => `/${businessId}/owned_ad_accounts`;

  describe('paging', () => {
    it('reads a 2600-row edge to the end in 6 pages of the largest size, with appsecret_proof', async () => {
      const graph = client();
      const pages: number[] = [];
      const ids: string[] = [];
      for await (const page of graph.pages(edge(), {
        accessToken: token.accessToken,
        fields: ['id', 'name'],
        schema: adAccount,
      })) {
        pages.push(page.items.length);
        ids.push(...page.items.map((a) => a.id));
      }
      expect(pages).toEqual([500, 500, 500, 500, 500, 100]);
      expect(ids.sort()).toEqual([...adAccountIds].sort());
      expect(sim.countRequests({ path: edge() })).toBe(6);
    });

    it('is refused by an app that requires appsecret_proof when the secret is wrong', async () => {
      const graph = client({ appSecret: 'not-the-app-secret' });
      const err = await graph.get('/me', { accessToken: token.accessToken }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MetaRequestError);
      expect((err as MetaRequestError).message).toContain('appsecret_proof');
    });

    it('retries a page with half the limit when Meta asks for less data', async () => {
      sim.addFault({
        path: '/*/owned_ad_accounts',
        times: 1,
        status: 500,
        error: {
          code: 1,
          message: "Please reduce the amount of data you're asking for, then retry your request",
        },
      });
      const items = await client().pageAll(edge(), {
        accessToken: token.accessToken,
        fields: 'id,name',
        schema: adAccount,
      });
      expect(new Set(items.map((a) => a.id)).size).toBe(AD_ACCOUNTS);
      // 1 refused page, then 250 + 500×4 + 350 rows.
      expect(sim.countRequests({ path: edge() })).toBe(7);
    });

    it('restarts the edge when the cursor is invalid', async () => {
      const graph = client();
      const pages = [];
      for await (const page of graph.pages(edge(), {
        accessToken: token.accessToken,
        startCursor: Buffer.from('no-such-row').toString('base64'),
      })) {
        pages.push(page);
      }
      expect(pages[0]?.restarted).toBe(true);
      expect(pages.flatMap((p) => p.items)).toHaveLength(AD_ACCOUNTS);
    });

    it('stops on a long throttle with a checkpoint, and resumes from it once the block is over', async () => {
      let offsetMs = 0;
      const graph = client({ now: () => Date.now() + offsetMs });
      const read: string[] = [];
      const pages = graph.pages(edge(), {
        accessToken: token.accessToken,
        fields: 'id,name',
        schema: adAccount,
      });
      const first = await pages.next();
      if (first.done) throw new Error('no first page');
      read.push(...first.value.items.map((a) => a.id));

      sim.addFault({
        path: '/*/owned_ad_accounts',
        times: 1,
        status: 400,
        error: { code: 80004 },
        regainAccessMinutes: 7,
      });
      const err = await pages.next().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MetaThrottledError);
      expect((err as MetaThrottledError).retryAfterSeconds).toBe(420);
      const checkpoint = pagingCheckpointOf(err);
      expect(checkpoint).toEqual({ edge: edge(), cursor: first.value.nextCursor });

      // While blocked, the same bucket fails fast without calling Meta.
      const before = sim.countRequests();
      await expect(graph.get('/me', { accessToken: token.accessToken })).rejects.toBeInstanceOf(
        MetaThrottledError,
      );
      expect(sim.countRequests()).toBe(before);

      offsetMs = 421_000;
      const rest = await graph.pageAll(edge(), {
        accessToken: token.accessToken,
        fields: 'id,name',
        schema: adAccount,
        startCursor: checkpoint?.cursor,
      });
      expect([...read, ...rest.map((a) => a.id)].sort()).toEqual([...adAccountIds].sort());
    });
  });

  describe('error taxonomy', () => {
    it.each([
      ['token invalid (190/460)', { code: 190, error_subcode: 460 }, 400, MetaTokenInvalidError],
      ['permission (10)', { code: 10 }, 403, MetaPermissionError],
      ['permission (200)', { code: 200 }, 403, MetaPermissionError],
      ['invalid parameter (100)', { code: 100 }, 400, MetaRequestError],
    ])('%s fails at once, never retried', async (_name, error, status, type) => {
      sim.addFault({ path: '/me', status, error });
      await expect(client().get('/me', { accessToken: token.accessToken })).rejects.toBeInstanceOf(type);
      expect(sim.countRequests({ path: '/me' })).toBe(1);
    });

    it('retries transient failures and succeeds', async () => {
      sim.addFault({ path: '/me', times: 2, status: 503, error: { code: 2, is_transient: true } });
      await expect(
        client().get('/me', { accessToken: token.accessToken, fields: 'id' }),
      ).resolves.toMatchObject({
        id: token.userId,
      });
      expect(sim.countRequests({ path: '/me' })).toBe(3);
    });

    it('gives up after 3 retries with MetaTransientError', async () => {
      sim.addFault({ path: '/me', status: 500 });
      await expect(client().get('/me', { accessToken: token.accessToken })).rejects.toBeInstanceOf(
        MetaTransientError,
      );
      expect(sim.countRequests({ path: '/me' })).toBe(4);
    });

    it('times an attempt out and retries it', async () => {
      sim.addFault({ path: '/me', times: 1, latencyMs: 400 });
      const started = Date.now();
      await expect(
        client({ timeoutMs: 100 }).get('/me', { accessToken: token.accessToken }),
      ).resolves.toBeDefined();
      expect(Date.now() - started).toBeLessThan(400);
    });

    it('honours a short throttle named in the usage headers, then succeeds', async () => {
      const account = adAccountIds[0] ?? '';
      sim.addFault({
        path: `/${account}`,
        times: 1,
        status: 400,
        error: { code: 80004, error_subcode: 2446079 },
        headers: {
          'X-Business-Use-Case-Usage': JSON.stringify({
            [account.slice(4)]: [
              { type: 'ads_management', call_count: 100, estimated_time_to_regain_access: 0 },
            ],
          }),
          'X-Ad-Account-Usage': JSON.stringify({ acc_id_util_pct: 100, reset_time_duration: 1 }),
        },
      });
      const started = Date.now();
      await expect(client().get(`/${account}`, { accessToken: token.accessToken })).resolves.toMatchObject({
        id: account,
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(Date.now() - started).toBeLessThan(1900);
      expect(sim.countRequests({ path: `/${account}` })).toBe(2);
    });
  });

  describe('batch', () => {
    it('reads 60 objects in 2 round trips; each item fails on its own', async () => {
      const denied = adAccountIds[7] ?? '';
      sim.addFault({ path: `/${denied}`, status: 403, error: { code: 200 } });
      const ids = adAccountIds.slice(0, 60);
      const results = await client().batch(
        ids.map((id) => ({ method: 'GET', path: `/${id}`, params: { fields: 'id,name' } })),
        { accessToken: token.accessToken },
      );
      expect(sim.countRequests({ path: '/', viaBatch: false })).toBe(2);
      expect(results).toHaveLength(60);
      results.forEach((result, i) => {
        if (ids[i] === denied) {
          expect(result.ok === false && result.error).toBeInstanceOf(MetaPermissionError);
        } else {
          expect(result).toMatchObject({ ok: true, status: 200, body: { id: ids[i] } });
        }
      });
    });

    it('sends transiently failed items again', async () => {
      const flaky = adAccountIds[3] ?? '';
      sim.addFault({ path: `/${flaky}`, times: 1, status: 500, error: { code: 2, is_transient: true } });
      const results = await client().batch(
        adAccountIds.slice(0, 5).map((id) => ({ method: 'GET', path: `/${id}` })),
        { accessToken: token.accessToken },
      );
      expect(results.every((r) => r.ok)).toBe(true);
      expect(sim.countRequests({ path: '/', viaBatch: false })).toBe(2);
    });
  });

  describe('token failover', () => {
    it('skips a revoked token and a token without permission, reporting both', async () => {
      const seeded = sim.scenario.tokens;
      const [a, b] = seeded.filter((t) => t.id !== token.id);
      if (!a || !b) throw new Error('need three tokens');
      const graph = client();
      const revoked = { id: a.id, accessToken: `${a.accessToken}` };
      sim.revokeToken(a.accessToken);
      sim.addFault({ path: '/me', token: b.id, status: 403, error: { code: 200 } });

      const reported: string[] = [];
      const result = await withTokenFailover(
        [revoked, { id: b.id, accessToken: b.accessToken }, { id: token.id, accessToken: token.accessToken }],
        (candidate) =>
          graph.get('/me', { accessToken: candidate.accessToken, tokenId: candidate.id, fields: 'id' }),
        { onTokenFailed: (f) => void reported.push(`${f.id}:${f.needsReauth}`) },
      );
      expect(result.tokenId).toBe(token.id);
      expect(result.value).toMatchObject({ id: token.userId });
      expect(reported).toEqual([`${a.id}:true`, `${b.id}:false`]);
    });

    it('throws the last error when every token fails', async () => {
      sim.addFault({ path: '/me', status: 400, error: { code: 190, error_subcode: 463 } });
      const graph = client();
      await expect(
        withTokenFailover(sim.scenario.tokens, (t) =>
          graph.get('/me', { accessToken: t.accessToken, tokenId: t.id }),
        ),
      ).rejects.toBeInstanceOf(MetaTokenInvalidError);
    });
  });
});
