/**
 * `webhook` bench area (issue 7):
 * - verifyP99Us: in-process `verifyWebhookSignature` of a 10 KB Meta body, p99 over many
 *   iterations (target ≤ 200 µs);
 * - receiveP99Ms: 200 signed deliveries sent at once to `/webhooks/meta` of a local runtime
 *   (gateway → receiver → SQS → consumer → DynamoDB Local), p99 of the HTTP answer time
 *   (target ≤ 20 ms);
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
import { disconnectedConnection } from '../../shared/domain/connection';
import { verifyWebhookSignature } from '../../shared/domain/webhook-signature';
import { DynamoAdObjectMirror } from '../../shared/store/dynamodb/ad-object-mirror';
import { DynamoConnectionStore } from '../../shared/store/dynamodb/connection-store';
import { percentile, roundTo } from './statistics';

export interface WebhookFigures {
  verifyP99Us: number;
  receiveP99Ms: number;
  lost: number;
  /** Median of the same burst. */
  receiveP50Ms: number;
  /**
   * p99 of the same deliveries sent one after another: each answered alone, as each would be
   * by its own Lambda instance behind a Function URL in AWS.
   */
  receiveOneAtATimeP99Ms: number;
  /**
   * p99 of the same burst sent to `GET /health`: the local gateway's own floor, for scale
   * (everything — gateway, handlers, SQS, the consumer — shares one event loop locally).
   */
  gatewayHealthP99Ms: number;
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
  /** Reuse a running DynamoDB Local. @default start one */
  dynamoEndpoint?: string;
}

const KEY = 'bench-signing-key';
const ACT = 'act_770001';

/** @example const { verifyP99Us, receiveP99Ms, lost } = await benchWebhook(); */
export async function benchWebhook(options: BenchWebhookOptions = {}): Promise<WebhookFigures> {
  const verifyP99Us = benchVerify(options.iterations ?? 20_000);
  const receive = await benchReceive(options.deliveries ?? 200, options.dynamoEndpoint);
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

async function benchReceive(deliveries: number, dynamoEndpoint: string | undefined) {
  const rt = await startLocalRuntime({
    port: 0,
    rootDir: `${__dirname}/../..`,
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
    const url = `${rt.url}/webhooks/meta`;
    const time = Math.floor(Date.now() / 1000);
    const delivery = (i: number) =>
      inProcessPayload({
        adAccountId: ACT,
        objectId: String(130000000000 + i),
        level: 'AD',
        time,
        statusName: 'Active',
      });

    // Warm the handlers (module load = cold start) and the connections before measuring.
    for (let i = 0; i < 20; i++) await sendMetaWebhook(url, delivery(1_000_000 + i), { key: KEY });
    await rt.idle(60_000);
    const health = await burstFromOutside(
      `${rt.url}/health`,
      `${rt.url}/health`,
      Array.from({ length: deliveries }, () => ({ body: '', headers: {} })),
      'GET',
    );

    const oneAtATime: number[] = [];
    for (let i = 0; i < deliveries; i++) {
      const answer = await sendMetaWebhook(url, delivery(2_000_000 + i), { key: KEY });
      if (answer.status !== 200) throw new Error(`bench webhook: delivery answered ${answer.status}`);
      oneAtATime.push(answer.ms);
    }
    await rt.idle(120_000);

    const posts = Array.from({ length: deliveries }, (_, i) => {
      const body = metaWebhookJson(delivery(i));
      return {
        body,
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': metaWebhookSignature(body, KEY),
        },
      };
    });
    const answers = await burstFromOutside(url, `${rt.url}/health`, posts);
    await rt.idle(120_000);
    const bare = await burstToBareServer(posts);

    const mirrored = new Set((await new DynamoAdObjectMirror().listObjects(ACT)).map((o) => o.id));
    const refused = answers.filter((a) => a.status !== 200).length;
    const unapplied = Array.from({ length: deliveries }, (_, i) => String(130000000000 + i)).filter(
      (id) => !mirrored.has(id),
    ).length;
    const times = answers.flatMap((a) => (a.status === 200 ? [a.ms] : []));
    return {
      receiveP99Ms: roundTo(percentile(times, 0.99), 2),
      lost: refused + unapplied,
      receiveP50Ms: roundTo(percentile(times, 0.5), 2),
      receiveOneAtATimeP99Ms: roundTo(percentile(oneAtATime, 0.99), 2),
      bareNodeHttpP99Ms: roundTo(
        percentile(
          bare.map((b) => b.ms),
          0.99,
        ),
        2,
      ),
      gatewayHealthP99Ms: roundTo(
        percentile(
          health.map((h) => h.ms),
          0.99,
        ),
        2,
      ),
    };
  } finally {
    await rt.stop();
  }
}

/** The same burst against a bare `node:http` server in this process that answers `{}` at once. */
async function burstToBareServer(
  posts: { body: string; headers: Record<string, string> }[],
): Promise<{ status: number; ms: number }[]> {
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
