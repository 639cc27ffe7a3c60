import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { businessAssets, type MetaSimulator, startMetaSimulator } from '@infra/local/meta-simulator';
import { GraphClient } from '../../../shared/meta/graph-client';
import {
  MetaCircuitOpenError,
  MetaThrottledError,
  MetaTransientError,
} from '../../../shared/platform/errors';
import { DynamoDbRateLimitStore } from '../../../shared/store/dynamodb/rate-limit-store';
import { createLocalAppTable, type LocalAppTable } from '../support/local-app-table';

const OPEN_MS = 400;

/**
 * Two "Lambdas" (two clients, two store instances) share the breaker of an ad account through
 * DynamoDB Local, as concurrent functions do in AWS.
 */
describe('GraphClient circuit breaker and throttle block shared through DynamoDB', () => {
  let table: LocalAppTable;
  let documents: DynamoDBDocumentClient;
  let sim: MetaSimulator;
  let tableName = '';
  let accessToken = '';
  let adAccountId = '';

  beforeAll(async () => {
    table = await createLocalAppTable('graph');
    ({ tableName, client: documents } = table);
    sim = await startMetaSimulator({
      seed: {
        businesses: 1,
        tokens: 1,
        perBusiness: businessAssets({ ownedAdAccounts: 3 }),
      },
    });
    accessToken = sim.scenario.tokens[0]?.accessToken ?? '';
  });
  afterAll(async () => {
    await sim.close();
    table.close();
  });
  beforeEach(() => {
    sim.clearFaults();
    sim.setLatency(0);
    sim.resetRequests();
  });

  /** A fresh ad account per test, so each starts with a closed breaker. */
  const nextAccount = (() => {
    let i = 0;
    return () => sim.scenario.expected.adAccounts[i++ % 3]?.id ?? '';
  })();

  const lambda = () =>
    new GraphClient({
      baseUrl: sim.url,
      version: 'v26.0',
      appSecret: sim.appSecret,
      maxRetries: 0,
      rateLimitStore: new DynamoDbRateLimitStore({ client: documents, tableName }),
      rateLimitPolicy: { breaker: { openMs: OPEN_MS, probeTimeoutMs: 5000 } },
      logger: { warn: () => undefined, debug: () => undefined },
    });

  it('opens after 5 failures for every Lambda, lets ONE probe through, and closes on its success', async () => {
    adAccountId = nextAccount();
    const path = `/${adAccountId}`;
    const [a, b] = [lambda(), lambda()];
    sim.addFault({ path, status: 503, error: { code: 2, is_transient: true } });

    for (const graph of [a, b, a, b, a]) {
      await expect(graph.get(path, { accessToken })).rejects.toBeInstanceOf(MetaTransientError);
    }
    expect(sim.countRequests({ path })).toBe(5);

    // Open: both Lambdas fail fast without calling Meta.
    for (const graph of [a, b]) {
      const err = await graph.get(path, { accessToken }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MetaCircuitOpenError);
      expect((err as MetaCircuitOpenError).retryAfterSeconds).toBe(1);
    }
    expect(sim.countRequests({ path })).toBe(5);

    // Half-open: of three concurrent calls, exactly one reaches Meta (the probe).
    await new Promise((r) => setTimeout(r, OPEN_MS + 50));
    sim.clearFaults();
    sim.setLatency(300);
    const outcomes = await Promise.allSettled([a, b, a].map((graph) => graph.get(path, { accessToken })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(
      outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof MetaCircuitOpenError),
    ).toHaveLength(2);
    expect(sim.countRequests({ path })).toBe(6);

    // Closed again.
    sim.setLatency(0);
    await expect(b.get(path, { accessToken })).resolves.toMatchObject({ id: adAccountId });
  });

  it('re-opens when the probe fails', async () => {
    adAccountId = nextAccount();
    const path = `/${adAccountId}`;
    const graph = lambda();
    sim.addFault({ path, status: 500 });
    for (let i = 0; i < 5; i++) await graph.get(path, { accessToken }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, OPEN_MS + 50));

    await expect(graph.get(path, { accessToken })).rejects.toBeInstanceOf(MetaTransientError);
    expect(sim.countRequests({ path })).toBe(6);
    await expect(lambda().get(path, { accessToken })).rejects.toBeInstanceOf(MetaCircuitOpenError);
    expect(sim.countRequests({ path })).toBe(6);
  });

  it('shares a throttle block: another Lambda answers throttled without calling Meta', async () => {
    adAccountId = nextAccount();
    sim.addFault({
      path: `/${adAccountId}/*`,
      times: 1,
      status: 400,
      error: { code: 80004 },
      regainAccessMinutes: 3,
    });
    const err = await lambda()
      .get(`/${adAccountId}/adspixels`, { accessToken })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MetaThrottledError);
    expect((err as MetaThrottledError).retryAfterSeconds).toBe(180);

    const other = await lambda()
      .get(`/${adAccountId}`, { accessToken })
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(MetaThrottledError);
    expect((other as MetaThrottledError).retryAfterSeconds).toBeGreaterThan(170);
    expect(sim.countRequests({ path: `/${adAccountId}` })).toBe(0);
  });
});
