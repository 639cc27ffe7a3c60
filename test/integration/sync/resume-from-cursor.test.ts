import { businessAssets, type MetaSimulator, startMetaSimulator } from '../../../infra/local/meta-simulator';
import type { AssetObservation } from '../../../shared/domain/asset-record';
import { GraphClient } from '../../../shared/meta/graph-client';
import { MetaThrottledError } from '../../../shared/platform/errors';
import { readEdge } from '../../../shared/sync/read-edge';
import type { EdgeProgress } from '../../../shared/sync/sync-messages';
import { TaskTokens } from '../../../shared/sync/task-tokens';

/** A throttle in the middle of an edge: the next delivery goes on from the last page read. */
describe('reading an edge across a throttle (simulator)', () => {
  let sim: MetaSimulator;
  beforeAll(async () => {
    sim = await startMetaSimulator({
      seed: {
        businesses: 1,
        tokens: 1,
        perBusiness: businessAssets({ ownedPages: 1200 }),
      },
    });
  });
  afterAll(() => sim.close());

  it('stops at the throttled page and resumes from its cursor, reading every page once', async () => {
    const [token] = sim.scenario.tokens;
    const [businessId] = sim.scenario.businessIds;
    if (!token || !businessId) throw new Error('nothing seeded');
    const graph = new GraphClient({
      baseUrl: sim.url,
      version: 'v26.0',
      appSecret: sim.appSecret,
      maxInlineWaitMs: 100,
    });
    const tokens = new TaskTokens([{ id: 'login', accessToken: token.accessToken }]);
    const read = {
      edge: 'owned_pages',
      assetType: 'pages',
      source: 'owned',
      record: true,
      pixels: false,
    } as const;
    const seen: AssetObservation[] = [];
    let progress: EdgeProgress | undefined;
    const reading = (start?: EdgeProgress) =>
      readEdge({
        graph,
        node: `/${businessId}`,
        read,
        tokens,
        ...(start ? { start } : {}),
        onPage: (observations, next) => {
          seen.push(...observations);
          progress = next;
          // Meta starts throttling right after the first page.
          if (seen.length === 500) {
            sim.addFault({
              path: `/${businessId}/owned_pages`,
              times: 1,
              status: 400,
              error: { code: 17, error_subcode: 2446079 },
              regainAccessMinutes: 1,
            });
          }
        },
        onTokenFailed: async () => undefined,
      });

    sim.resetRequests();
    const stopped = await reading().catch((err: unknown) => err);
    expect(stopped).toBeInstanceOf(MetaThrottledError);
    expect((stopped as MetaThrottledError).retryAfterSeconds).toBeGreaterThanOrEqual(60);
    expect(seen).toHaveLength(500);
    expect(progress).toEqual({ cursor: expect.any(String), done: false });

    // The next delivery: the throttle is over (a fresh client, as after the queue's delay).
    const resumed = new GraphClient({ baseUrl: sim.url, version: 'v26.0', appSecret: sim.appSecret });
    await readEdge({
      graph: resumed,
      node: `/${businessId}`,
      read,
      tokens,
      ...(progress ? { start: progress } : {}),
      onPage: (observations, next) => {
        seen.push(...observations);
        progress = next;
      },
      onTokenFailed: async () => undefined,
    });
    expect(progress).toEqual({ done: true });
    expect(new Set(seen.map((o) => o.id)).size).toBe(1200);
    expect(seen).toHaveLength(1200);
    expect(sim.requests().map((r) => r.status)).toEqual([200, 400, 200, 200]);
    // A finished edge is not read again.
    await readEdge({
      graph: resumed,
      node: `/${businessId}`,
      read,
      tokens,
      start: { done: true },
      onPage: () => undefined,
      onTokenFailed: async () => undefined,
    });
    expect(sim.countRequests()).toBe(4);
  });
});
