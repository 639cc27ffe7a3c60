/**
 * THE list of what the system runs: tables, queues, the staging bucket, secrets (declared in
 * `./resources`, which runtime code imports) and every function with its triggers. Both
 * runtimes are built from it: `infra/aws` (CDK) and `infra/local` (the one-process local
 * runtime). Adding a function = one entry in
 * `functions` below + one handler file (+ for a route, its contract in `shared/contracts`).
 */

import {
  adRoutes,
  adSetRoutes,
  approveRoute,
  bulkRoute,
  campaignRoutes,
  getControlsRoute,
  listApprovalsRoute,
  listAuditRoute,
  putControlsRoute,
  rejectRoute,
} from '../shared/contracts/campaigns';
import {
  addTokenRoute,
  callbackRoute,
  confirmConnectRoute,
  disconnectRoute,
  getConnectionRoute,
  listAdAccountsRoute,
  pickAdAccountRoute,
  startConnectRoute,
} from '../shared/contracts/connect';
import {
  createBriefRoute,
  createCreativeRoute,
  createUploadRoute,
  deleteBriefRoute,
  getBriefRoute,
  getUploadRoute,
  listBriefsRoute,
  listCreativesRoute,
  replaceBriefRoute,
} from '../shared/contracts/creatives';
import {
  cancelExperimentRoute,
  createExperimentRoute,
  getExperimentRoute,
  listExperimentsRoute,
} from '../shared/contracts/experiments';
import { getInsightsJobRoute, listInsightsRoute, refreshInsightsRoute } from '../shared/contracts/insights';
import { mcpRoute, mcpStreamRoute, protectedResourceRoute } from '../shared/contracts/mcp';
import { healthRoute, openApiRoute } from '../shared/contracts/platform';
import { type RouteContract, routeKeyOf } from '../shared/contracts/route-contract';
import {
  getSyncRunRoute,
  listAssetsRoute,
  listNotificationsRoute,
  startSyncRoute,
} from '../shared/contracts/sync';
import {
  type BucketSpec,
  buckets,
  type HttpMethod,
  type QueueSpec,
  queues,
  type RouteAuth,
  type SecretSpec,
  secrets,
  type TableSpec,
  tables,
} from './resources';

/** A dashboard API route on the HTTP API. */
export interface HttpTrigger {
  kind: 'http';
  method: HttpMethod;
  /** API Gateway v2 path syntax, e.g. `/meta/sync/{syncRunId}`. */
  path: string;
  auth: RouteAuth;
}

/** A Lambda Function URL (AWS); served locally on the gateway's port at `localPath`. */
export interface FunctionUrlTrigger {
  kind: 'functionUrl';
  localPath: string;
}

export interface QueueTrigger {
  kind: 'queue';
  /** A key of the manifest's `queues`. */
  queue: string;
  /** @default 10 */
  batchSize: number;
}

export interface ScheduleTrigger {
  kind: 'schedule';
  /** Unique name, used to fire it on demand locally. */
  name: string;
  /** EventBridge expression: `rate(1 hour)` or `cron(...)`. */
  expression: string;
}

export interface S3Trigger {
  kind: 's3';
  /** A key of the manifest's `buckets`. */
  bucket: string;
  prefix: string;
}

export type Trigger = HttpTrigger | FunctionUrlTrigger | QueueTrigger | ScheduleTrigger | S3Trigger;

/** What a function may touch; infra grants exactly this and sets the matching env vars. */
export interface Access {
  tables?: { name: string; mode: 'read' | 'readWrite' }[];
  sendTo?: string[];
  buckets?: { name: string; mode: 'read' | 'readWrite' }[];
  secrets?: string[];
  /**
   * The Meta access tokens (sealed with the stack's KMS key in the app table; the Secrets
   * Manager secrets `meta/token/*` of before that while they last): `read` to use them
   * (kms:Decrypt), `manage` to store and delete them too (kms:GenerateDataKey).
   */
  tokenSecrets?: 'read' | 'manage';
  /** Calls the Meta Graph API (needs META_* config). */
  meta?: boolean;
  /** Names the API's base URL and the dashboard JWT's issuer (config `api`, `tokenIssuer`). */
  tokenIssuer?: boolean;
}

export interface FunctionSpec {
  /** Logical name, kebab-case; unique. */
  name: string;
  /** Handler file relative to the repo root; it exports `handler`. */
  entry: string;
  description: string;
  triggers: Trigger[];
  /** @default 10 */
  timeoutSeconds?: number;
  /** @default 512 */
  memoryMb?: number;
  /**
   * Concurrent executions set aside for this function and also its ceiling (AWS
   * `reservedConcurrentExecutions`). Every function anyone on the internet can invoke (a
   * Function URL, a `public` route) has one: a flood of forged requests then throttles that
   * function alone instead of taking the account's whole concurrency from the queue
   * consumers and the dashboard API. Ignored by the local runtime.
   * @default unreserved: the function shares the account's pool
   */
  reservedConcurrency?: number;
  access: Access;
}

const appReadWrite = { name: 'app', mode: 'readWrite' } as const;
const appRead = { name: 'app', mode: 'read' } as const;

export const functions: FunctionSpec[] = [
  {
    name: 'health',
    entry: 'functions/platform/health.ts',
    description: 'Liveness: GET /health',
    triggers: [httpTrigger(healthRoute)],
    memoryMb: 256,
    // Public like the receiver; a probe answers in milliseconds, so 5 carry any monitor.
    reservedConcurrency: 5,
    access: {},
  },
  {
    name: 'openapi',
    entry: 'functions/platform/openapi.ts',
    description: 'The OpenAPI document generated from the zod contracts',
    triggers: [httpTrigger(openApiRoute)],
    memoryMb: 256,
    // Public; read by developers and tooling now and then, never on a hot path.
    reservedConcurrency: 5,
    access: {},
  },
  ...connectFunctions(),
  {
    name: 'webhook-receive',
    entry: 'functions/webhooks/receive.ts',
    description: 'Meta webhooks: GET handshake, POST verified (X-Hub-Signature-256) and enqueued',
    triggers: [{ kind: 'functionUrl', localPath: '/webhooks/meta' }],
    memoryMb: 512,
    // A delivery is a signature check and one SQS send (~20 ms warm): 50 at once absorb some
    // 2 000 deliveries/s, each up to 1 000 changes. A 429 beyond that is retried by Meta for
    // up to 36 hours, so a flood, forged or real, delays events and loses none.
    reservedConcurrency: 50,
    // No table: the receiver stores nothing, the consumer dedupes (shared/webhooks/receive-delivery.ts).
    access: { sendTo: ['webhookEvents'], secrets: ['webhookKeys'] },
  },
  {
    name: 'webhook-apply',
    entry: 'functions/webhooks/apply.ts',
    description: 'Applies webhook changes to the ad-object mirror and notifies the workspaces concerned',
    triggers: [{ kind: 'queue', queue: 'webhookEvents', batchSize: 10 }],
    access: { tables: [{ name: 'app', mode: 'readWrite' }] },
  },
  ...syncFunctions(),
  ...campaignFunctions(),
  ...creativeFunctions(),
  experimentsFunction(),
  ...insightsReadFunctions(),
  ...insightsFunctions(),
  ...mcpFunctions(),
];

/** The HTTP API trigger of a route: its method, path and auth as its contract declares them. */
function httpTrigger(route: RouteContract): HttpTrigger {
  return { kind: 'http', method: route.method, path: route.path, auth: route.auth };
}

/** A function serving one dashboard route, its handler at `functions/<area>/<name>.ts`. */
function routeFunction(
  area: string,
  name: string,
  route: RouteContract,
  description: string,
  access: Access,
  limits: Pick<FunctionSpec, 'reservedConcurrency'> = {},
): FunctionSpec {
  return {
    name,
    entry: `functions/${area}/${name}.ts`,
    description,
    triggers: [httpTrigger(route)],
    ...limits,
    access,
  };
}

type FunctionLimits = Pick<FunctionSpec, 'timeoutSeconds' | 'memoryMb'>;

/** A function serving several dashboard routes (a warm one serves them all). */
function routesFunction(
  at: Pick<FunctionSpec, 'name' | 'entry'>,
  routes: RouteContract[],
  description: string,
  access: Access,
  limits: FunctionLimits,
): FunctionSpec {
  return { ...at, description, triggers: routes.map(httpTrigger), ...limits, access };
}

/** The connect flow (issue 5): each route its own small function, plus the token refresh. */
function connectFunctions(): FunctionSpec[] {
  const meta = (tokenSecrets?: 'read' | 'manage'): Access => ({
    tables: [appReadWrite],
    secrets: ['metaApp'],
    meta: true,
    ...(tokenSecrets ? { tokenSecrets } : {}),
  });
  // The connection is the user's (DESIGN §5): every route that changes it is `user`; agents
  // may read it (`jwt`).
  const route = (
    name: string,
    contract: RouteContract,
    description: string,
    access: Access,
    limits: Pick<FunctionSpec, 'reservedConcurrency'> = {},
  ) => routeFunction('connect', name, contract, description, access, limits);
  return [
    route('get-connection', getConnectionRoute, 'The connection and its tokens', { tables: [appRead] }),
    route('start-connect', startConnectRoute, 'Start Facebook Login', meta()),
    route(
      'callback',
      callbackRoute,
      'OAuth callback: check the token and hold it as a pending login (connects nothing)',
      // Internet-facing and touching no secret of a workspace: the held token is sealed in its
      // pending record, so the callback gets no access to the token secrets at all.
      meta(),
      // One call per person finishing a Facebook Login (~1 s: the code exchange at Meta): 10
      // at once is far above real logins, and a forged-callback flood stops there.
      { reservedConcurrency: 10 },
    ),
    route(
      'confirm-connect',
      confirmConnectRoute,
      'Confirm a held login as the user who started it: connect, start the first sync',
      { ...meta('manage'), sendTo: ['syncTasks'] },
    ),
    route('list-ad-accounts', listAdAccountsRoute, 'Pickable ad accounts', meta('read')),
    route('pick-ad-account', pickAdAccountRoute, 'Pick the ad account', meta('read')),
    route('add-token', addTokenRoute, 'Add a system-user token, then sync', {
      ...meta('manage'),
      sendTo: ['syncTasks'],
    }),
    route('disconnect', disconnectRoute, 'Disconnect from Meta', meta('manage')),
    {
      name: 'refresh-schedule',
      entry: 'functions/connect/refresh-schedule.ts',
      description: 'Hourly: one token-refresh message per connected workspace',
      triggers: [{ kind: 'schedule', name: 'token-refresh', expression: 'rate(1 hour)' }],
      access: { tables: [appRead], sendTo: ['tokenRefresh'] },
    },
    {
      name: 'refresh-tokens',
      entry: 'functions/connect/refresh-tokens.ts',
      description: "Refreshes a workspace's tokens nearing expiry and re-checks their validity",
      triggers: [{ kind: 'queue', queue: 'tokenRefresh', batchSize: 5 }],
      timeoutSeconds: 30,
      access: { ...meta('manage'), sendTo: ['tokenRefresh'] },
    },
  ];
}

/** Asset sync (issue 6): the API routes, the task consumer (fan-out / fan-in) and the schedule. */
function syncFunctions(): FunctionSpec[] {
  const route = (name: string, contract: RouteContract, description: string, access: Access) =>
    routeFunction('sync', name, contract, description, access);
  return [
    route('start-sync', startSyncRoute, 'Start (or join) an asset sync', {
      tables: [appReadWrite],
      sendTo: ['syncTasks'],
    }),
    route('get-sync-run', getSyncRunRoute, 'A sync run and its outcome', {
      tables: [appRead],
    }),
    route('list-assets', listAssetsRoute, 'Synced assets of one type', { tables: [appRead] }),
    route('list-notifications', listNotificationsRoute, 'In-app notifications', { tables: [appRead] }),
    {
      name: 'sync-tasks',
      entry: 'functions/sync/sync-tasks.ts',
      description: 'Plans a sync, reads one BM or token per message, and lets the last task conclude',
      triggers: [{ kind: 'queue', queue: 'syncTasks', batchSize: 10 }],
      timeoutSeconds: 30,
      memoryMb: 1024,
      access: {
        tables: [appReadWrite],
        sendTo: ['syncTasks'],
        secrets: ['metaApp'],
        tokenSecrets: 'read',
        meta: true,
      },
    },
    {
      name: 'sync-schedule',
      entry: 'functions/sync/sync-schedule.ts',
      description: 'Every 6 hours: an asset sync of every connected workspace',
      triggers: [{ kind: 'schedule', name: 'asset-sync', expression: 'rate(6 hours)' }],
      timeoutSeconds: 60,
      access: { tables: [appReadWrite], sendTo: ['syncTasks'] },
    },
  ];
}

/**
 * Campaign management (issue 14): one function per job, each serving its routes for every
 * level (a warm write function serves campaigns, ad sets and ads alike), and the create
 * follow-up consumer.
 */
function campaignFunctions(): FunctionSpec[] {
  const idempotency = { name: 'idempotency', mode: 'readWrite' } as const;
  const guarded: Access = {
    tables: [appReadWrite, idempotency],
    secrets: ['metaApp'],
    tokenSecrets: 'read',
    meta: true,
    sendTo: ['createFollowUps'],
  };
  const serving = (
    name: string,
    routes: RouteContract[],
    description: string,
    access: Access,
    limits: FunctionLimits = {},
  ) => routesFunction({ name, entry: `functions/campaigns/${name}.ts` }, routes, description, access, limits);
  const levels = [campaignRoutes, adSetRoutes, adRoutes];
  return [
    serving(
      'ad-object-writes',
      levels.flatMap((r) => [r.create, r.patch, r.delete, r.pause, r.resume]),
      'Create, change, pause, resume and delete campaigns, ad sets and ads: exactly once, within caps and the agent matrix',
      guarded,
      { timeoutSeconds: 30 },
    ),
    serving(
      'ad-object-reads',
      levels.flatMap((r) => [r.list, r.get]),
      'Campaigns, ad sets and ads: lists from the mirror, single reads fresh from Meta',
      { tables: [appReadWrite], secrets: ['metaApp'], tokenSecrets: 'read', meta: true },
    ),
    serving('bulk', [bulkRoute], 'Up to 50 guarded mutations in one request', guarded, {
      timeoutSeconds: 60,
      memoryMb: 1024,
    }),
    serving('controls', [getControlsRoute, putControlsRoute], 'Spend caps and the agent-control matrix', {
      tables: [appReadWrite],
    }),
    serving(
      'approvals',
      [listApprovalsRoute, approveRoute, rejectRoute],
      'Agent mutations held for a decision; an approval runs the mutation',
      guarded,
      { timeoutSeconds: 30 },
    ),
    serving('audit', [listAuditRoute], 'The audit trail of every mutation', { tables: [appRead] }),
    {
      name: 'create-follow-ups',
      entry: 'functions/campaigns/create-follow-ups.ts',
      description: "After a create: Meta's own decisions read back into the mirror, the marker label deleted",
      triggers: [{ kind: 'queue', queue: 'createFollowUps', batchSize: 10 }],
      timeoutSeconds: 30,
      access: { tables: [appReadWrite], secrets: ['metaApp'], tokenSecrets: 'read', meta: true },
    },
  ];
}

/**
 * Creatives (issue 15): the upload routes (no Meta), the ingest that moves staged files to
 * Meta, creatives and briefs.
 */
function creativeFunctions(): FunctionSpec[] {
  const stagingRead = { name: 'staging', mode: 'read' } as const;
  const stagingWrite = { name: 'staging', mode: 'readWrite' } as const;
  const idempotency = { name: 'idempotency', mode: 'readWrite' } as const;
  const serving = (
    [name, file]: [name: string, file: string],
    routes: RouteContract[],
    description: string,
    access: Access,
    limits: FunctionLimits = {},
  ) => routesFunction({ name, entry: `functions/creatives/${file}.ts` }, routes, description, access, limits);
  return [
    serving(
      ['uploads', 'uploads'],
      [createUploadRoute, getUploadRoute],
      'Start an upload (a presigned POST checked before it is signed) and read how it stands',
      { tables: [appReadWrite, idempotency], buckets: [stagingWrite] },
    ),
    {
      name: 'ingest-uploads',
      entry: 'functions/creatives/ingest-uploads.ts',
      description:
        'Checks a staged file (size, signature) and sends it to Meta: images whole, videos resumably, chunk by chunk',
      triggers: [{ kind: 'queue', queue: 'uploadIngest', batchSize: 1 }],
      timeoutSeconds: 120,
      memoryMb: 1024,
      access: {
        tables: [appReadWrite],
        buckets: [stagingRead],
        sendTo: ['uploadIngest'],
        secrets: ['metaApp'],
        tokenSecrets: 'read',
        meta: true,
      },
    },
    serving(
      ['creatives', 'creatives'],
      [createCreativeRoute, listCreativesRoute],
      'Ad creatives (image, video, carousel) from ready uploads or a brief: exactly once',
      { tables: [appReadWrite, idempotency], secrets: ['metaApp'], tokenSecrets: 'read', meta: true },
      { timeoutSeconds: 30 },
    ),
    serving(
      ['creative-briefs', 'briefs'],
      [listBriefsRoute, createBriefRoute, getBriefRoute, replaceBriefRoute, deleteBriefRoute],
      'Vendor-neutral creative briefs',
      { tables: [appReadWrite, idempotency] },
    ),
  ];
}

/**
 * A/B split tests (issue 16): one function serving the four routes. It makes and stops Meta ad
 * studies, reads the cells' objects from the mirror and their results from ua_daily_metrics.
 */
function experimentsFunction(): FunctionSpec {
  return routesFunction(
    { name: 'experiments', entry: 'functions/experiments/experiments.ts' },
    [createExperimentRoute, listExperimentsRoute, getExperimentRoute, cancelExperimentRoute],
    'A/B split tests: Meta ad studies over ad sets or campaigns, their status and per-cell results',
    {
      tables: [
        appReadWrite,
        { name: 'idempotency', mode: 'readWrite' },
        { name: 'dailyMetrics', mode: 'read' },
      ],
      secrets: ['metaApp'],
      tokenSecrets: 'read',
      meta: true,
    },
    { timeoutSeconds: 30 },
  );
}

/** Insights reads (issue 16): rows of ua_daily_metrics, no Meta call, no token. */
function insightsReadFunctions(): FunctionSpec[] {
  const dailyMetricsRead = { name: 'dailyMetrics', mode: 'read' } as const;
  return [
    routeFunction(
      'insights',
      'list-insights',
      listInsightsRoute,
      'Daily Insights rows from ua_daily_metrics',
      {
        tables: [dailyMetricsRead, appRead],
      },
    ),
  ];
}

/**
 * The Insights pull (issue 16): two schedules fan out one plan per connected workspace, the
 * consumer creates each job and reads its pieces into ua_daily_metrics; the refresh and job
 * routes. (`GET /insights` is served by its own function.)
 */
function insightsFunctions(): FunctionSpec[] {
  const dailyMetricsReadWrite = { name: 'dailyMetrics', mode: 'readWrite' } as const;
  return [
    {
      name: 'insights-schedule',
      entry: 'functions/insights/insights-schedule.ts',
      description:
        "Hourly (today and yesterday) and daily (the 28-day lookback): one plan per connected workspace's ad account",
      triggers: [
        { kind: 'schedule', name: 'insights-hourly', expression: 'rate(1 hour)' },
        // 03:30 UTC: after midnight in the Americas' and Europe's zones, so "today" is a new day there.
        { kind: 'schedule', name: 'insights-daily', expression: 'cron(30 3 * * ? *)' },
      ],
      timeoutSeconds: 60,
      access: { tables: [appRead], sendTo: ['insightsPull'] },
    },
    {
      name: 'pull-insights',
      entry: 'functions/insights/pull-insights.ts',
      description:
        'Creates scheduled jobs and reads their pieces (sync pages or async report runs) into ua_daily_metrics',
      triggers: [{ kind: 'queue', queue: 'insightsPull', batchSize: 1 }],
      timeoutSeconds: 120,
      memoryMb: 1024,
      // The idempotency table and the follow-up queue: the spend guard pauses campaigns through
      // the campaign area's exactly-once mutation path.
      access: {
        tables: [appReadWrite, dailyMetricsReadWrite, { name: 'idempotency', mode: 'readWrite' }],
        sendTo: ['insightsPull', 'createFollowUps'],
        secrets: ['metaApp'],
        tokenSecrets: 'read',
        meta: true,
      },
    },
    routesFunction(
      { name: 'insights-jobs', entry: 'functions/insights/insights-jobs.ts' },
      [refreshInsightsRoute, getInsightsJobRoute],
      'Start an Insights refresh of a range (202 with its job; Idempotency-Key) and read how the job stands',
      { tables: [appReadWrite, { name: 'idempotency', mode: 'readWrite' }], sendTo: ['insightsPull'] },
      {},
    ),
  ];
}

/**
 * Agent tools over MCP (issue 17): one function answering `/mcp` that runs the tools' routes
 * through those routes' own handlers (so it needs what they need together: the campaign
 * writes' guarded access, the asset and Insights reads), and the public RFC 9728 document.
 */
function mcpFunctions(): FunctionSpec[] {
  return [
    routesFunction(
      { name: 'mcp', entry: 'functions/platform/mcp.ts' },
      [mcpRoute, mcpStreamRoute],
      'Agent tools over MCP (Streamable HTTP, stateless): the guarded campaign API, caps, matrix and approvals included',
      {
        tables: [
          appReadWrite,
          { name: 'idempotency', mode: 'readWrite' },
          { name: 'dailyMetrics', mode: 'read' },
        ],
        secrets: ['metaApp'],
        tokenSecrets: 'read',
        meta: true,
        sendTo: ['createFollowUps'],
      },
      // As the bulk route: one tool call may be 50 guarded mutations.
      { timeoutSeconds: 60, memoryMb: 1024 },
    ),
    {
      name: 'protected-resource',
      entry: 'functions/platform/protected-resource.ts',
      description: 'OAuth protected-resource metadata of /mcp (RFC 9728): the dashboard JWT issuer',
      triggers: [httpTrigger(protectedResourceRoute)],
      memoryMb: 256,
      // Public; read once by an MCP client when it first connects.
      reservedConcurrency: 5,
      access: { tokenIssuer: true },
    },
  ];
}

export interface Manifest {
  tables: Record<string, TableSpec>;
  queues: Record<string, QueueSpec>;
  buckets: Record<string, BucketSpec>;
  secrets: Record<string, SecretSpec>;
  functions: FunctionSpec[];
}

export const manifest: Manifest = { tables, queues, buckets, secrets, functions };

/** Every name a function or trigger refers to exists; returns the problems found. */
export function manifestProblems(m: Manifest = manifest): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const fn of m.functions) {
    if (names.has(fn.name)) problems.push(`function ${fn.name} is listed twice`);
    names.add(fn.name);
    for (const t of fn.triggers) {
      if (t.kind === 'queue' && !(t.queue in m.queues)) problems.push(`${fn.name}: unknown queue ${t.queue}`);
      if (t.kind === 's3' && !(t.bucket in m.buckets))
        problems.push(`${fn.name}: unknown bucket ${t.bucket}`);
    }
    for (const t of fn.access.tables ?? [])
      if (!(t.name in m.tables)) problems.push(`${fn.name}: unknown table ${t.name}`);
    for (const q of fn.access.sendTo ?? [])
      if (!(q in m.queues)) problems.push(`${fn.name}: unknown queue ${q}`);
    for (const b of fn.access.buckets ?? [])
      if (!(b.name in m.buckets)) problems.push(`${fn.name}: unknown bucket ${b.name}`);
    for (const s of fn.access.secrets ?? [])
      if (!(s in m.secrets)) problems.push(`${fn.name}: unknown secret ${s}`);
    if (isPublicFunction(fn) && fn.reservedConcurrency === undefined)
      problems.push(`${fn.name}: anyone can invoke it, so it needs a reservedConcurrency`);
    // A function anyone can invoke must not be a way to a workspace's Meta tokens.
    if (isPublicFunction(fn) && fn.access.tokenSecrets !== undefined)
      problems.push(`${fn.name}: anyone can invoke it, so it may not touch token secrets`);
    if (
      fn.reservedConcurrency !== undefined &&
      !(Number.isInteger(fn.reservedConcurrency) && fn.reservedConcurrency >= 1)
    )
      problems.push(`${fn.name}: reservedConcurrency must be a whole number of at least 1`);
  }
  const routes = new Set<string>();
  for (const { fn, trigger } of httpRoutes(m)) {
    const key = routeKeyOf(trigger);
    if (routes.has(key)) problems.push(`${fn.name}: route ${key} is served twice`);
    routes.add(key);
  }
  for (const [name, bucket] of Object.entries(m.buckets))
    if (bucket.objectCreated && !(bucket.objectCreated.queue in m.queues))
      problems.push(`bucket ${name}: unknown queue ${bucket.objectCreated.queue}`);
  return problems;
}

/** Whether anyone on the internet can invoke the function: a Function URL or a `public` route. */
export function isPublicFunction(fn: FunctionSpec): boolean {
  return fn.triggers.some((t) => t.kind === 'functionUrl' || (t.kind === 'http' && t.auth === 'public'));
}

/** The http triggers of the manifest with the function that serves each. */
export function httpRoutes(m: Manifest = manifest): { fn: FunctionSpec; trigger: HttpTrigger }[] {
  return m.functions.flatMap((fn) =>
    fn.triggers.filter((t): t is HttpTrigger => t.kind === 'http').map((trigger) => ({ fn, trigger })),
  );
}
