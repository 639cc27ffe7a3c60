/**
 * `campaigns` bench area (issue 14), through the local runtime, DynamoDB Local and the Meta
 * simulator, as a dashboard or an agent calls the API:
 * - idempotentReplayMetaCalls: 10 identical creates under one Idempotency-Key, five at once
 *   and five after → campaigns Meta creates (target 1);
 * - lostAnswerDuplicates: Meta applies a create and the answer is lost (a bare 500, a dropped
 *   connection), once inside the request and once across a client retry → extra objects at
 *   Meta (target 0);
 * - guardedMutationP99Ms: p99 of sequential guarded creates (an agent allowed by the matrix,
 *   caps set) with the simulator at 100 ms latency (target ≤ 150); `ownOverheadP99Ms` is that
 *   p99 less the one Meta call's 100 ms;
 * - guardedMutationStoreRoundTrips: sequential DynamoDB round trips on a create's path
 *   (requests that overlap count once; target ≤ 4);
 * - bulk50Ms: one `POST /meta/bulk` of 50 creates at 100 ms latency (target ≤ 1 500).
 * Warm: a few creates run first, as in a container in steady use.
 */
import { resolve } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalRuntime } from '../../infra/local/runtime';
import { dynamoDocumentClient } from '../../shared/store/aws-clients';
import {
  campaignBody,
  connectedWorkspace,
  metaObjectsOf,
  mutate,
  newKey,
} from '../integration/campaigns/campaign-fixture';
import { api } from '../integration/support/runtime';
import { percentile, roundTo } from './statistics';

export interface CampaignFigures {
  idempotentReplayMetaCalls: number;
  lostAnswerDuplicates: number;
  guardedMutationP99Ms: number;
  ownOverheadP99Ms: number;
  guardedMutationStoreRoundTrips: number;
  bulk50Ms: number;
  details: Record<string, number | string>;
}

const ROOT = resolve(__dirname, '..', '..');
const LATENCY_MS = 100;
const SAMPLES = 100;
const WARM_UP = 150;

export async function benchCampaigns(): Promise<CampaignFigures> {
  const rt = await startLocalRuntime({ port: 0, rootDir: ROOT });
  try {
    const world = await connectedWorkspace({ rt });
    const waves = countRoundTrips();
    const created = (name: string) => metaObjectsOf(world).campaigns.filter((c) => c.name === name).length;

    // Warm-up, as a container and DynamoDB in steady use: every function of the path loaded,
    // and DynamoDB Local's JVM past its first few hundred requests (it answers 5–10× slower before).
    for (let i = 0; i < WARM_UP; i++)
      await mutate(world, 'POST', '/meta/campaigns', { body: campaignBody() });
    await rt.idle(60_000);

    const replayKey = newKey();
    const replayBody = campaignBody({ name: 'Replay bench' });
    const replay = () => mutate(world, 'POST', '/meta/campaigns', { body: replayBody, key: replayKey });
    const replayStatuses = (await Promise.all(Array.from({ length: 5 }, replay))).map((a) => a.status);
    for (let i = 0; i < 5; i++) replayStatuses.push((await replay()).status);
    const idempotentReplayMetaCalls = created('Replay bench');

    rt.simulator?.addFault({
      path: `/${world.adAccountId}/campaigns`,
      method: 'POST',
      kind: 'lostAnswer',
      times: 1,
    });
    const lostOnce = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ name: 'Lost once' }),
    });
    rt.simulator?.clearFaults();
    const retryKey = newKey();
    const retryBody = campaignBody({ name: 'Lost across a retry' });
    rt.simulator?.addFault({
      path: `/${world.adAccountId}/campaigns`,
      method: 'POST',
      kind: 'lostAnswer',
      answer: 'drop',
    });
    rt.simulator?.addFault({
      path: `/${world.adAccountId}/campaigns`,
      method: 'GET',
      status: 400,
      error: { code: 100, message: 'Invalid parameter' },
    });
    const lostFirst = await mutate(world, 'POST', '/meta/campaigns', { body: retryBody, key: retryKey });
    rt.simulator?.clearFaults();
    const lostRetry = await mutate(world, 'POST', '/meta/campaigns', { body: retryBody, key: retryKey });
    const lostAnswerDuplicates =
      Math.max(0, created('Lost once') - 1) + Math.max(0, created('Lost across a retry') - 1);

    await api(rt, 'PUT', '/controls', {
      token: world.user,
      body: {
        spendCaps: { campaignDaily: 1_000_000, adAccountDaily: { [world.adAccountId]: 1_000_000_000 } },
        agentMatrix: [{ level: 'campaign', action: 'create', effect: 'allow' }],
      },
    });
    rt.simulator?.setLatency(LATENCY_MS);
    await rt.idle(30_000);
    const latencies: number[] = [];
    const roundTrips: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      await rt.idle(30_000);
      waves.reset();
      const started = performance.now();
      const answer = await mutate(world, 'POST', '/meta/campaigns', {
        token: world.agent,
        body: campaignBody({ dailyBudget: 2000 }),
      });
      latencies.push(performance.now() - started);
      roundTrips.push(waves.count());
      if (answer.status !== 201) throw new Error(`guarded create answered ${answer.status}`);
    }
    const guardedMutationP99Ms = percentile(latencies, 0.99);
    const dynamoGet = await rawGetItemMs(rt.env.TABLE_APP ?? '');

    await rt.idle(60_000);
    const operations = Array.from({ length: 50 }, (_, i) => ({
      op: 'create',
      level: 'campaign',
      body: campaignBody({ name: `Bulk bench ${i}` }),
      idempotencyKey: newKey(),
    }));
    const bulkStarted = performance.now();
    const bulk = await api(rt, 'POST', '/meta/bulk', { token: world.user, body: { operations } });
    const bulk50Ms = performance.now() - bulkStarted;
    const bulkCreated = (bulk.body.results as { status: number }[]).filter((r) => r.status === 201).length;
    rt.simulator?.setLatency(0);

    return {
      idempotentReplayMetaCalls,
      lostAnswerDuplicates,
      guardedMutationP99Ms: roundTo(guardedMutationP99Ms, 1),
      ownOverheadP99Ms: roundTo(guardedMutationP99Ms - LATENCY_MS, 1),
      guardedMutationStoreRoundTrips: Math.max(...roundTrips),
      bulk50Ms: Math.round(bulk50Ms),
      details: {
        replayStatuses: replayStatuses.join(','),
        lostOnceStatus: lostOnce.status,
        lostFirstStatus: lostFirst.status,
        lostRetryStatus: lostRetry.status,
        guardedMutationP50Ms: roundTo(percentile(latencies, 0.5), 1),
        storeRoundTripsMedian: percentile(roundTrips, 0.5),
        // This host's floor: one warm GetItem of DynamoDB Local, alone, 200 times in a row.
        dynamoGetItemP50Ms: roundTo(percentile(dynamoGet, 0.5), 2),
        dynamoGetItemP99Ms: roundTo(percentile(dynamoGet, 0.99), 2),
        bulkCreated,
        samples: SAMPLES,
        latencyMs: LATENCY_MS,
      },
    };
  } finally {
    await rt.stop();
  }
}

async function rawGetItemMs(tableName: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    await dynamoDocumentClient().send(
      new GetCommand({ TableName: tableName, Key: { pk: 'WS#dev-workspace', sk: 'CONNECTION' } }),
    );
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * Counts sequential DynamoDB round trips of the process's one document client (the handlers
 * run in this process): a request that starts while another is in flight shares its wave.
 */
function countRoundTrips() {
  let inFlight = 0;
  let waves = 0;
  dynamoDocumentClient().middlewareStack.add(
    (next) => async (args) => {
      if (inFlight === 0) waves++;
      inFlight++;
      try {
        return await next(args);
      } finally {
        inFlight--;
      }
    },
    { step: 'initialize', name: 'benchRoundTrips' },
  );
  return {
    reset: () => {
      waves = 0;
    },
    count: () => waves,
  };
}
