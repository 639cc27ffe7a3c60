/**
 * `webhook` bench area (issues 7 and 13):
 * - verifyP99Us: in-process `verifyWebhookSignature` of a 10 KB Meta body, p99 over many
 *   iterations (target ≤ 200 µs);
 * - receiveOverEnqueueFloor: p99 of a burst of 200 signed deliveries sent at once to
 *   `/webhooks/meta` of a local runtime, over the p99 of the same burst to a bench-only
 *   function on the same gateway that makes only the receiver's one SQS send (target ≤ 1.5).
 *   On a 2-core host Node's own HTTP stack takes most of an absolute p99, so only the ratio
 *   says what the receiver adds. Median over alternating rounds, after a warm-up round;
 * - lost: deliveries not answered 200 plus changes never applied to the mirror (target 0).
 */

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRuntime } from '../../infra/local/runtime';
import {
  inProcessPayload,
  metaWebhookJson,
  metaWebhookSignature,
  sendMetaWebhook,
} from '../../infra/local/webhook-sender';
import { manifest } from '../../infra/manifest';
import { disconnectedConnection } from '../../shared/domain/connection';
import { parseWebhookDelivery } from '../../shared/domain/webhook-payload';
import { verifyWebhookSignature } from '../../shared/domain/webhook-signature';
import { DynamoAdObjectMirror } from '../../shared/store/dynamodb/ad-object-mirror';
import { DynamoConnectionStore } from '../../shared/store/dynamodb/connection-store';
import { ENQUEUE_FLOOR_PATH, enqueueFloorFunction } from './enqueue-floor-function';
import { median, percentile, roundTo } from './statistics';

export interface WebhookFigures {
  verifyP99Us: number;
  /** receiveP99Ms ÷ enqueueFloorP99Ms, the median of the per-round ratios. */
  receiveOverEnqueueFloor: number;
  /** Median over the rounds of the burst's p99 through the receiver. */
  receiveP99Ms: number;
  /** Median over the rounds of the same burst's p99 through the enqueue floor. */
  enqueueFloorP99Ms: number;
  lost: number;
  /** Floor posts not answered 200 (left out of its p99; expected 0, else the host was starved). */
  enqueueFloorRefused: number;
  /** Each measured round's p99s, in order, to see the noise. */
  rounds: { receiveP99Ms: number; enqueueFloorP99Ms: number }[];
  /**
   * p99 of the same 200 signed deliveries sent by the same sender to a bare `node:http` server
   * that reads each body and answers `{}` at once: what Node's HTTP alone costs on this machine,
   * the floor under any receiver.
   */
  bareNodeHttpP99Ms: number;
}

export interface BenchWebhookOptions {
  /** Verify iterations measured. @default 20000 */
  iterations?: number;
  /** Deliveries sent at once. @default 200 */
  deliveries?: number;
  /** Measured rounds, each one burst to the receiver and one to the floor. @default 5 */
  rounds?: number;
  /** Reuse a running DynamoDB Local. @default start one */
  dynamoEndpoint?: string;
}

const KEY = 'bench-signing-key';
const ACT = 'act_770001';

/** First object ids of the receiver's and the floor's deliveries; each round adds its own block. */
const RECEIVER_IDS = 130_000_000_000;
const FLOOR_IDS = 140_000_000_000;
const ROUND_BLOCK = 10_000;

/** @example const { verifyP99Us, receiveOverEnqueueFloor, lost } = await benchWebhook(); */
export async function benchWebhook(options: BenchWebhookOptions = {}): Promise<WebhookFigures> {
  const verifyP99Us = benchVerify(options.iterations ?? 20_000);
  const receive = await benchReceive(options.deliveries ?? 200, options.rounds ?? 5, options.dynamoEndpoint);
  return { verifyP99Us, ...receive };
}

function benchVerify(iterations: number): number {
  const body = Buffer.from(metaWebhookJson(tenKilobytePayload()));
  const header = metaWebhookSignature(body, KEY);
  const keys = { current: KEY };
  const now = new Date();
  for (let i = 0; i < 2_000; i++) verifyWebhookSignature(body, header, keys, now);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = process.hrtime.bigint();
    const check = verifyWebhookSignature(body, header, keys, now);
    samples.push(Number(process.hrtime.bigint() - started) / 1_000);
    if (!check.ok) throw new Error('bench webhook: the signature did not verify');
  }
  return roundTo(percentile(samples, 0.99), 2);
}

/** A realistic delivery: one ad account entry with as many with-issues changes as fit 10 KB. */
function tenKilobytePayload(): unknown {
  const changes: unknown[] = [];
  const payload = { object: 'ad_account', entry: [{ id: '770001', time: 1782860000, changes }] };
  for (let i = 0; metaWebhookJson(payload).length < 10_000; i++) {
    changes.push({
      field: 'with_issues_ad_objects',
      value: {
        id: String(120210000000 + i),
        level: 'AD',
        error_code: '1487',
        error_summary: 'Publicité refusée',
        error_message: 'Le texte de l’annonce / the ad text',
      },
    });
  }
  return payload;
}

type Post = { body: string; headers: Record<string, string> };

async function benchReceive(deliveries: number, rounds: number, dynamoEndpoint: string | undefined) {
  const rt = await startLocalRuntime({
    port: 0,
    rootDir: `${__dirname}/../..`,
    // The floor is mounted for this run only: the shipped manifest never has it.
    manifest: { ...manifest, functions: [...manifest.functions, enqueueFloorFunction] },
    ...(dynamoEndpoint ? { dynamoEndpoint } : {}),
    env: {
      META_WEBHOOK_VERIFY_TOKEN: 'bench-verify',
      META_WEBHOOK_SIGNING_KEY_CURRENT: KEY,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
  });
  try {
    const ok = await new DynamoConnectionStore().put({
      ...disconnectedConnection('ws-bench', new Date().toISOString()),
      status: 'connected',
      adAccountId: ACT,
      scopes: ['ads_management'],
    });
    if (!ok) throw new Error('bench webhook: could not seed the connected workspace');
    const receiverUrl = `${rt.url}/webhooks/meta`;
    const floorUrl = `${rt.url}${ENQUEUE_FLOOR_PATH}`;
    const healthUrl = `${rt.url}/health`;
    const time = Math.floor(Date.now() / 1000);
    const ids = (base: number, round: number) =>
      Array.from({ length: deliveries }, (_, i) => String(base + round * ROUND_BLOCK + i));
    const deliveryJson = (objectId: string) =>
      metaWebhookJson(
        inProcessPayload({ adAccountId: ACT, objectId, level: 'AD', time, statusName: 'Active' }),
      );

    // Module load (cold start) and the SDK clients' first connections, before any burst.
    for (let i = 0; i < 20; i++) {
      const objectId = String(RECEIVER_IDS + 9_000 + i);
      await sendMetaWebhook(receiverUrl, undefined, { key: KEY, body: deliveryJson(objectId) });
      await sendMetaWebhook(floorUrl, undefined, {
        key: KEY,
        body: changeMessageJson(deliveryJson(objectId)),
      });
    }
    await rt.idle(60_000);

    // Round 0 warms both paths at full concurrency and is not counted. The order alternates,
    // so neither path always runs right after the consumer drained the other's messages.
    const measured: { receive: number; floor: number }[] = [];
    const receiverIds: string[] = [];
    let refused = 0;
    let floorRefused = 0;
    for (let round = 0; round <= rounds; round++) {
      const receiverPosts = ids(RECEIVER_IDS, round).map((id) => signedPost(deliveryJson(id)));
      const floorPosts = ids(FLOOR_IDS, round).map((id) => signedPost(changeMessageJson(deliveryJson(id))));
      const burst = async (url: string, posts: Post[]) => {
        const answers = await burstFromOutside(url, healthUrl, posts);
        await rt.idle(120_000);
        return answers;
      };
      const receiverFirst = round % 2 === 0;
      const first = await burst(
        receiverFirst ? receiverUrl : floorUrl,
        receiverFirst ? receiverPosts : floorPosts,
      );
      const second = await burst(
        receiverFirst ? floorUrl : receiverUrl,
        receiverFirst ? floorPosts : receiverPosts,
      );
      const [receive, floor] = receiverFirst ? [first, second] : [second, first];
      if (round === 0) continue;
      refused += receive.filter((a) => a.status !== 200).length;
      floorRefused += floor.filter((a) => a.status !== 200).length;
      receiverIds.push(...ids(RECEIVER_IDS, round));
      measured.push({ receive: p99Of(receive), floor: p99Of(floor) });
    }

    const bare = await burstToBareServer(ids(RECEIVER_IDS, 0).map((id) => signedPost(deliveryJson(id))));
    const mirrored = new Set((await new DynamoAdObjectMirror().listObjects(ACT)).map((o) => o.id));
    const unapplied = receiverIds.filter((id) => !mirrored.has(id)).length;
    return {
      receiveOverEnqueueFloor: roundTo(median(measured.map((m) => m.receive / m.floor)), 2),
      receiveP99Ms: roundTo(median(measured.map((m) => m.receive)), 2),
      enqueueFloorP99Ms: roundTo(median(measured.map((m) => m.floor)), 2),
      lost: refused + unapplied,
      enqueueFloorRefused: floorRefused,
      rounds: measured.map((m) => ({
        receiveP99Ms: roundTo(m.receive, 2),
        enqueueFloorP99Ms: roundTo(m.floor, 2),
      })),
      bareNodeHttpP99Ms: roundTo(p99Of(bare), 2),
    };
  } finally {
    await rt.stop();
  }
}

/** p99 of the answer times of the posts answered 200. */
function p99Of(answers: { status: number; ms: number }[]): number {
  return percentile(
    answers.flatMap((a) => (a.status === 200 ? [a.ms] : [])),
    0.99,
  );
}

function signedPost(body: string): Post {
  return {
    body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaWebhookSignature(body, KEY) },
  };
}

/** The one message the receiver enqueues for a one-change delivery: what the floor sends as is. */
function changeMessageJson(delivery: string): string {
  const parsed = parseWebhookDelivery(JSON.parse(delivery));
  const [change] = parsed.ok ? parsed.changes : [];
  if (!change || (parsed.ok && parsed.changes.length !== 1))
    throw new Error('bench webhook: a delivery must hold exactly one change');
  return JSON.stringify(change);
}

/** The same burst against a bare `node:http` server in this process that answers `{}` at once. */
async function burstToBareServer(posts: Post[]): Promise<{ status: number; ms: number }[]> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/meta`;
    return await burstFromOutside(url, url, posts);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * Sends every post at once from a process of its own (as Meta's deliveries come from outside),
 * each on a warmed keep-alive connection; answers in order.
 */
async function burstFromOutside(
  url: string,
  warmUrl: string,
  posts: { body: string; headers: Record<string, string> }[],
  method: 'POST' | 'GET' = 'POST',
): Promise<{ status: number; ms: number }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-webhook-'));
  const jobFile = join(dir, 'job.json');
  writeFileSync(jobFile, JSON.stringify({ url, warmUrl, method, posts }));
  try {
    const child = spawn(
      process.execPath,
      [...process.execArgv, join(__dirname, 'concurrent-posts.ts'), jobFile],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`bench webhook: the sender exited with ${code}`);
    return JSON.parse(out) as { status: number; ms: number }[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
