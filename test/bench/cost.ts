/**
 * `cost` bench area (issue 18): what ONE workspace costs in AWS over a modelled month, from
 * the billable operations its work makes on the local runtime (DynamoDB Local, the queue
 * runner, the Meta simulator, s3rver), counted by `CostMeter` and priced by `cost-model`.
 *
 * The month: 4 scheduled asset syncs a day of ~100 assets through 2 tokens, the hourly token
 * refresh (24 a day), 100 webhook deliveries a day, 1 000 dashboard calls (100 visits of 10
 * GETs: assets, campaigns, a campaign, Insights, controls). Each kind of work runs a few times
 * on identical workspaces and is averaged per occurrence, then multiplied to the month.
 *
 * Occurrences are hours apart in production, so each starts with cold token caches: before
 * one, every token is re-sealed with the meter off (which drops it from the vault's cache),
 * and each dashboard visit is of a workspace whose tokens were not read in the last minute.
 * Not in the month: the first sync after connecting and the one-off Scan that backfills the
 * connected-workspaces index after a deploy (both run before metering), and the Insights
 * pulls (a workload of their own, not in this model).
 */
import { resolve } from 'node:path';
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { ScenarioSpec, SeededToken } from '../../infra/local/meta-simulator';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import { inProcessPayload, metaWebhookJson, sendMetaWebhook } from '../../infra/local/webhook-sender';
import { manifest } from '../../infra/manifest';
import type { DailyMetricRow } from '../../shared/domain/daily-metrics';
import { tokenVault } from '../../shared/store/container-token-vault';
import { appKeys, appTableName } from '../../shared/store/dynamodb/app-table';
import { DynamoConnectionStore } from '../../shared/store/dynamodb/connection-store';
import { DynamoDailyMetricsStore } from '../../shared/store/dynamodb/daily-metrics-store';
import { api } from '../integration/support/runtime';
import { type ConnectedWorkspace, connectSeeded } from '../integration/sync/seed-workspace';
import { CostMeter } from './cost-meter';
import {
  ASSUMPTIONS,
  type Costs,
  costAt,
  DAYS_PER_MONTH,
  type FunctionProfile,
  monthlyUsage,
  PRICES,
  type ScaledCost,
  scaleUsage,
  secretReadsPerMonth,
  stackFixedCosts,
  storageCostUsd,
  totalUsd,
  type Usage,
  usageCosts,
  type Workload,
} from './cost-model';
import { benchFunctions } from './functions';
import { roundTo } from './statistics';

const ROOT = resolve(__dirname, '..', '..');
/** Identical workspaces: a schedule's run over all of them is that many occurrences. */
const WORKSPACES = 4;
const SCHEDULED_RUNS = 2;
const WEBHOOK_DELIVERIES = 24;
const VISIT_CALLS = 10;
const SCALES = [10, 1_000, 100_000] as const;
const HEADLINE_SCALE = 1_000;

/** ~100 assets over 2 BMs, seen through 2 user tokens. */
const WORKSPACE_TENANT: ScenarioSpec = {
  businesses: 2,
  tokens: 2,
  perBusiness: {
    ownedAdAccounts: 14,
    clientAdAccounts: 4,
    ownedPages: 12,
    clientPages: 3,
    ownedPixels: 4,
    clientPixels: 2,
    ownedCatalogs: 2,
    clientCatalogs: 1,
  },
  employeeAssigned: { adAccounts: 3, pages: 2 },
  adAccountPixels: 0,
  overlap: 0.2,
};

export interface CostFigures {
  /** Per workspace-month at 1 000 workspaces (usage + its share of the stack), USD. */
  perWorkspaceMonthUsd: number;
  /** Per workspace-month: sealed-token items, KMS requests and the key's share at 1 000, Secrets Manager: 0 (none per workspace). */
  tokenStorageUsd: number;
  /** Read units of Scans in the modelled month (the one-off backfill excluded). */
  scanReadUnitsPerMonth: number;
  /** The backfill's Scan once after a deploy, on this run's table (not monthly). */
  oneOffBackfillScanReadUnits: number;
  /** The workspace's own usage-driven cost by component, USD per month. */
  perWorkspaceComponentsUsd: Costs;
  /** The stack's fixed monthly cost by component, USD. */
  stackFixedUsd: Costs;
  atScale: ScaledCost[];
  /** The modelled month of one workspace, in billable units. */
  monthlyUnits: Record<string, number>;
  /** Per occurrence of each workload: its billable units, averaged. */
  perOccurrence: Record<string, Record<string, number>>;
  assumptions: Record<string, number | string>;
}

export async function benchCost(): Promise<CostFigures> {
  // Logs at INFO and metrics on, as stage prod: main.ts gives this area that environment.
  const meter = new CostMeter();
  const rt = await startLocalRuntime({
    port: 0,
    rootDir: ROOT,
    env: { POWERTOOLS_LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false' },
    onInvoked: meter.onInvoked,
  });
  meter.install();
  try {
    progress('setting up the workspaces…');
    const world = await setUp(rt, meter);
    const workloads: Workload[] = [];
    const perOccurrence: Record<string, Usage> = {};
    const measure = async (name: string, occurrences: number, perMonth: number, run: () => Promise<void>) => {
      meter.start();
      await run();
      await rt.idle(120_000);
      const usage = scaleUsage(meter.stop(), 1 / occurrences);
      perOccurrence[name] = usage;
      workloads.push({ name, perOccurrence: usage, perMonth });
    };

    progress('webhook deliveries…');
    await measure('webhookDelivery', WEBHOOK_DELIVERIES, 100 * DAYS_PER_MONTH, () =>
      deliverWebhooks(rt, world),
    );

    progress('token refreshes…');
    await measure('tokenRefresh', SCHEDULED_RUNS * WORKSPACES, 24 * DAYS_PER_MONTH, async () => {
      for (let i = 0; i < SCHEDULED_RUNS; i++) {
        await coldTokenCaches(meter, world);
        await rt.fireSchedule('token-refresh');
        await rt.idle(120_000);
      }
    });

    progress('scheduled syncs…');
    await measure('scheduledSync', SCHEDULED_RUNS * WORKSPACES, 4 * DAYS_PER_MONTH, async () => {
      for (let i = 0; i < SCHEDULED_RUNS; i++) {
        await coldTokenCaches(meter, world);
        await rt.fireSchedule('asset-sync');
        await rt.idle(120_000);
      }
    });

    progress('dashboard visits…');
    // The campaign routes keep a token read for a minute: the visits start after it expired.
    await waitUntil(world.lastTokenReadAt + 61_000);
    const visited = world.workspaces.slice(1);
    await measure('dashboardVisit', visited.length, 1_000 / VISIT_CALLS, async () => {
      for (const ws of visited) {
        await coldTokenCaches(meter, world);
        await dashboardVisit(rt, ws);
      }
    });

    progress('storage…');
    const storage = await storedBytesPerWorkspace(rt, world);
    progress('init time of the functions that ran…');
    const ran = new Set(workloads.flatMap((w) => Object.keys(w.perOccurrence.lambda)));
    const profiles = await functionProfiles(ran);
    return {
      ...figures(workloads, perOccurrence, profiles, storage, meter.customMetrics.size),
      oneOffBackfillScanReadUnits: roundTo(world.oneOffScanReadUnits, 1),
    };
  } finally {
    meter.release();
    await rt.stop();
  }
}

interface World {
  workspaces: (ConnectedWorkspace & { tokens: SeededToken[]; adAccountId: string; campaignIds: string[] })[];
  /** When the setup last read a token through the campaign routes' one-minute cache. */
  lastTokenReadAt: number;
  /** Scan read units of the backfill after a deploy (the first fan-out on a fresh table). */
  oneOffScanReadUnits: number;
}

async function setUp(rt: LocalRuntime, meter: CostMeter): Promise<World> {
  const sim = rt.simulator;
  if (!sim) throw new Error('the cost bench needs the Meta simulator');
  const seeded: { ws: ConnectedWorkspace; tokens: SeededToken[] }[] = [];
  for (let i = 0; i < WORKSPACES; i++) {
    const tenant = sim.seed({ ...WORKSPACE_TENANT, seed: 180 + i });
    seeded.push({ ws: await connectSeeded(rt, `cost-ws-${i}`, tenant.tokens), tokens: [...tenant.tokens] });
  }
  // The first sync of each (every asset new) and, on a fresh table, the one-off backfill of
  // the connected-workspaces index: not monthly work. Metered only to show the backfill's Scan.
  meter.start();
  await rt.fireSchedule('asset-sync');
  await rt.idle(120_000);
  const oneOffScanReadUnits = meter.stop().dynamoScanReadUnits;
  const workspaces: World['workspaces'] = [];
  for (const { ws, tokens } of seeded) {
    const accounts = await call(rt, ws, 'GET', '/meta/assets/ad-accounts?limit=200');
    const account = (accounts.items as { id: string; currency?: string }[]).find((a) => a.currency);
    if (!account) throw new Error(`${ws.workspaceId}: no ad account with a currency`);
    await call(rt, ws, 'PUT', '/integrations/meta/ad-account', { adAccountId: account.id });
    const campaignIds: string[] = [];
    for (let c = 0; c < 3; c++) {
      const made = await call(rt, ws, 'POST', '/meta/campaigns', {
        name: `Cost campaign ${c}`,
        objective: 'OUTCOME_TRAFFIC',
        specialAdCategories: [],
        dailyBudget: 5000,
      });
      campaignIds.push(String(made.id));
    }
    await new DynamoDailyMetricsStore().upsert(
      insightsRows(ws.workspaceId, account.id, account.currency ?? 'USD', campaignIds),
      new Date().toISOString(),
    );
    workspaces.push({ ...ws, tokens, adAccountId: account.id, campaignIds });
  }
  await rt.idle(120_000);
  // Every kind of work once, unmetered, so each handler is loaded and warm (a cold start's
  // init is priced from the bundles' measured import time instead).
  await deliverWebhooks(rt, { workspaces, lastTokenReadAt: 0, oneOffScanReadUnits }, 4);
  await rt.fireSchedule('token-refresh');
  await rt.idle(120_000);
  const [warmUp] = workspaces;
  if (warmUp) await dashboardVisit(rt, warmUp);
  return { workspaces, lastTokenReadAt: Date.now(), oneOffScanReadUnits };
}

/** 28 days of campaign-level rows, as the Insights pull leaves them. */
function insightsRows(workspaceId: string, adAccountId: string, currency: string, campaignIds: string[]) {
  const rows: DailyMetricRow[] = [];
  const updatedAt = new Date().toISOString();
  for (let day = 0; day < 28; day++) {
    const date = new Date(Date.now() - day * 86_400_000).toISOString().slice(0, 10);
    for (const id of campaignIds)
      rows.push({
        workspaceId,
        adAccountId,
        level: 'campaign',
        entityId: id,
        campaignId: id,
        entityName: `Campaign ${id}`,
        date,
        spend: '12.34',
        impressions: 1200 + day,
        clicks: 34,
        conversions: 2,
        conversionValue: '56.78',
        currency,
        updatedAt,
      });
  }
  return rows;
}

/** Signed deliveries as Meta sends them: one status change of one of a workspace's campaigns each. */
async function deliverWebhooks(rt: LocalRuntime, world: World, count = WEBHOOK_DELIVERIES): Promise<void> {
  const key = rt.env.META_WEBHOOK_SIGNING_KEY_CURRENT;
  if (!key) throw new Error('the runtime has no webhook signing key');
  for (let i = 0; i < count; i++) {
    const ws = world.workspaces[i % world.workspaces.length];
    const objectId = ws?.campaignIds[i % 3];
    if (!ws || !objectId) throw new Error('a workspace without campaigns');
    const body = metaWebhookJson(
      inProcessPayload({
        adAccountId: ws.adAccountId,
        objectId,
        level: 'CAMPAIGN',
        time: Math.floor(Date.now() / 1000) + i,
        statusName: i % 2 === 0 ? 'Paused' : 'Active',
      }),
    );
    const sent = await sendMetaWebhook(`${rt.url}/webhooks/meta`, undefined, { key, body });
    if (sent.status !== 200) throw new Error(`webhook delivery answered ${sent.status}`);
  }
}

/** One visit of the dashboard: the mix of GETs a marketer's page views make. */
async function dashboardVisit(rt: LocalRuntime, ws: World['workspaces'][number]): Promise<void> {
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 27 * 86_400_000).toISOString().slice(0, 10);
  const paths = [
    '/meta/assets/ad-accounts?limit=50',
    '/meta/campaigns',
    `/insights?level=campaign&from=${from}&to=${to}`,
    `/meta/campaigns/${ws.campaignIds[0]}`,
    '/meta/assets/pages?limit=50',
    '/meta/campaigns',
    `/insights?level=campaign&from=${from}&to=${to}&entityIds=${ws.campaignIds[1]}`,
    '/controls',
    '/meta/assets/pixels?limit=50',
    `/meta/campaigns/${ws.campaignIds[2]}`,
  ];
  if (paths.length !== VISIT_CALLS) throw new Error('a visit is VISIT_CALLS calls');
  for (const path of paths) await call(rt, ws, 'GET', path);
}

/**
 * Re-seals every token (meter off): the vault drops a token it re-seals from its cache, so
 * the next occurrence opens each token anew, as one hours after the last would.
 */
async function coldTokenCaches(meter: CostMeter, world: World): Promise<void> {
  meter.pause();
  const connections = new DynamoConnectionStore();
  for (const ws of world.workspaces) {
    const refs = await connections.listTokens(ws.workspaceId);
    for (const ref of refs) {
      const token = ws.tokens.find((t) => ws.tokenIds.get(t.id) === ref.tokenId);
      if (token) await tokenVault().replace(ref.secretId, token.accessToken);
    }
  }
  meter.resume();
}

/** Bytes DynamoDB bills as storage per workspace: every item of every table, ÷ the workspaces. */
async function storedBytesPerWorkspace(
  rt: LocalRuntime,
  world: World,
): Promise<{ perWorkspace: number; tokenCiphers: number }> {
  let total = 0;
  let ciphers = 0;
  for (const spec of Object.values(manifest.tables)) {
    const table = rt.env[spec.envVar];
    if (!table) continue;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await rt.dynamo.send(
        new ScanCommand({ TableName: table, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      for (const item of page.Items ?? []) {
        const bytes = itemBytes(item);
        total += bytes;
        if (table === appTableName() && item.sk?.S?.startsWith(appKeys.tokenCipher(''))) ciphers += bytes;
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return { perWorkspace: total / world.workspaces.length, tokenCiphers: ciphers / world.workspaces.length };
}

/** DynamoDB's item size: attribute names and values, plus 100 bytes of overhead per item. */
function itemBytes(item: Record<string, unknown>): number {
  const valueBytes = (value: unknown): number => {
    if (typeof value !== 'object' || value === null) return 0;
    const [[type, v] = ['', undefined]] = Object.entries(value);
    if (type === 'S' || type === 'N') return Buffer.byteLength(String(v));
    if (type === 'B') return v instanceof Uint8Array ? v.byteLength : 0;
    if (type === 'BOOL' || type === 'NULL') return 1;
    if (type === 'L') return 3 + (v as unknown[]).reduce<number>((n, e) => n + 1 + valueBytes(e), 0);
    if (type === 'M')
      return (
        3 +
        Object.entries(v as Record<string, unknown>).reduce(
          (n, [name, e]) => n + 1 + Buffer.byteLength(name) + valueBytes(e),
          0,
        )
      );
    if (type === 'SS' || type === 'NS') return (v as string[]).reduce((n, e) => n + Buffer.byteLength(e), 0);
    return 0;
  };
  return Object.entries(item).reduce(
    (n, [name, value]) => n + Buffer.byteLength(name) + valueBytes(value),
    100,
  );
}

/** The manifest's memory size and the bundle's measured import time of each function that ran. */
async function functionProfiles(names: Set<string>): Promise<Record<string, FunctionProfile>> {
  const ran = manifest.functions.filter((fn) => names.has(fn.name));
  const measured = await benchFunctions({ manifest: { ...manifest, functions: ran }, runs: 3 });
  return Object.fromEntries(
    ran.map((fn) => [fn.name, { memoryMb: fn.memoryMb ?? 512, initMs: measured[fn.name]?.initMs ?? 0 }]),
  );
}

function figures(
  workloads: Workload[],
  perOccurrence: Record<string, Usage>,
  profiles: Record<string, FunctionProfile>,
  storage: { perWorkspace: number; tokenCiphers: number },
  customMetrics: number,
): Omit<CostFigures, 'oneOffBackfillScanReadUnits'> {
  const month = monthlyUsage(workloads);
  const components = {
    ...usageCosts(month, profiles),
    dynamoDbStorage: storageCostUsd(storage.perWorkspace),
  };
  const variable = totalUsd(components);
  const inventory = stackInventory(customMetrics);
  const fixed = stackFixedCosts(inventory);
  const fixedUsd = totalUsd(fixed);
  // Secrets Manager reads are the containers', shared by every workspace of the stack.
  const secretsUsd = (workspaces: number) =>
    secretReadsPerMonth(
      manifest.functions
        .filter((fn) => (fn.access.secrets ?? []).length > 0)
        .map((fn) => ({
          invocations: (month.lambda[fn.name]?.invocations ?? 0) * workspaces,
          secrets: (fn.access.secrets ?? []).length,
        })),
    ) * PRICES.secretsManagerCall.usd;
  const atScale = SCALES.map((n) => costAt(n, variable, fixedUsd, secretsUsd));
  const headline = atScale.find((s) => s.workspaces === HEADLINE_SCALE);
  if (!headline) throw new Error('no headline scale');
  const tokenStorageUsd =
    storageCostUsd(storage.tokenCiphers) +
    (month.kmsDecrypt + month.kmsGenerateDataKey) * PRICES.kmsRequest.usd +
    (inventory.kmsKeys * PRICES.kmsKeyMonth.usd) / HEADLINE_SCALE;
  const usd = (v: number) => roundTo(v, 6);
  return {
    perWorkspaceMonthUsd: usd(headline.perWorkspaceUsd),
    tokenStorageUsd: usd(tokenStorageUsd),
    scanReadUnitsPerMonth: roundTo(month.dynamoScanReadUnits, 1),
    perWorkspaceComponentsUsd: mapValues(components, usd),
    stackFixedUsd: mapValues(fixed, usd),
    atScale: atScale.map((s) => ({
      workspaces: s.workspaces,
      perWorkspaceUsd: usd(s.perWorkspaceUsd),
      stackUsd: roundTo(s.stackUsd, 2),
      sharedPerWorkspaceUsd: usd(s.sharedPerWorkspaceUsd),
    })),
    monthlyUnits: units(month, storage),
    perOccurrence: mapValues(perOccurrence, (u) => units(u)),
    assumptions: {
      ...ASSUMPTIONS,
      architecture: 'arm64',
      freeTiers: 'ignored',
      month: `${DAYS_PER_MONTH} days`,
      customMetricsSeen: customMetrics,
    },
  };
}

/**
 * What the stack has once: the KMS key, the secrets, the alarms (errors of each function, each
 * queue's DLQ, the async DLQ of each scheduled function), the schedules.
 */
function stackInventory(customMetrics: number) {
  const schedules = manifest.functions.flatMap((fn) => fn.triggers.filter((t) => t.kind === 'schedule'));
  const schedulesPerMonth = schedules.reduce(
    (n, t) => n + (t.kind === 'schedule' ? firesPerMonth(t.expression) : 0),
    0,
  );
  const polledQueues = new Set(
    manifest.functions.flatMap((fn) => fn.triggers.flatMap((t) => (t.kind === 'queue' ? [t.queue] : []))),
  ).size;
  return {
    kmsKeys: 1,
    secrets: Object.keys(manifest.secrets).length,
    alarms:
      manifest.functions.length +
      Object.keys(manifest.queues).length +
      manifest.functions.filter((fn) => fn.triggers.some((t) => t.kind === 'schedule' || t.kind === 's3'))
        .length,
    polledQueues,
    customMetrics,
    schedulesPerMonth,
  };
}

/** Fires a month of `rate(n unit)` or a daily `cron(...)`. */
function firesPerMonth(expression: string): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  const minutes = DAYS_PER_MONTH * 24 * 60;
  if (rate) {
    const every =
      Number(rate[1]) * (rate[2]?.startsWith('minute') ? 1 : rate[2]?.startsWith('hour') ? 60 : 1440);
    return minutes / every;
  }
  return DAYS_PER_MONTH;
}

function units(u: Usage, storage?: { perWorkspace: number; tokenCiphers: number }): Record<string, number> {
  const lambda = Object.values(u.lambda);
  const round = (v: number) => roundTo(v, 2);
  return {
    dynamoReadUnits: round(u.dynamoReadUnits),
    dynamoWriteUnits: round(u.dynamoWriteUnits),
    dynamoScanReadUnits: round(u.dynamoScanReadUnits),
    sqsRequests: round(u.sqsRequests),
    lambdaInvocations: round(lambda.reduce((n, r) => n + r.invocations, 0)),
    lambdaBilledMs: round(lambda.reduce((n, r) => n + r.billedMs, 0)),
    kmsGenerateDataKey: round(u.kmsGenerateDataKey),
    kmsDecrypt: round(u.kmsDecrypt),
    secretsManagerCalls: round(u.secretsManagerCalls),
    httpApiRequests: round(u.httpApiRequests),
    s3Requests: round(u.s3Tier1Requests + u.s3Tier2Requests),
    appLogBytes: round(u.appLogBytes),
    ...(storage
      ? { storedBytes: Math.round(storage.perWorkspace), tokenCipherBytes: Math.round(storage.tokenCiphers) }
      : {}),
  };
}

function mapValues<T, U>(record: Record<string, T>, f: (v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}

async function call(
  rt: LocalRuntime,
  ws: ConnectedWorkspace,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const answer = await api(rt, method, path, {
    token: ws.jwt,
    ...(body !== undefined ? { body } : {}),
    headers:
      method === 'GET' ? {} : { 'idempotency-key': `cost-${Date.now().toString(36)}-${Math.random()}` },
  });
  if (answer.status >= 300)
    throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as Record<string, unknown>;
}

async function waitUntil(epochMs: number): Promise<void> {
  const wait = epochMs - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

function progress(message: string): void {
  console.error(`  cost bench: ${message}`);
}
