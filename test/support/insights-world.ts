import { daysBetweenInclusive } from '../../shared/domain/account-days';
import type { Asset } from '../../shared/domain/asset-record';
import type { DailyMetricRow, InsightsLevel } from '../../shared/domain/daily-metrics';
import { handlePullMessage } from '../../shared/insights/handle-pull-message';
import type { InsightsPullDeps } from '../../shared/insights/insights-deps';
import type {
  InsightsCall,
  InsightsPage,
  InsightsQuery,
  MetaInsightRow,
  MetaInsights,
  ReportRunStatus,
} from '../../shared/insights/meta-insights';
import type { InsightsPullMessage } from '../../shared/insights/pull-messages';
import { insightsPullMessageSchema } from '../../shared/insights/pull-messages';
import type { SpendGuardInput } from '../../shared/insights/spend-guard-port';
import { MetaDataTooLargeError, MetaRequestError, MetaTokenInvalidError } from '../../shared/platform/errors';
import { DeferError } from '../../shared/platform/queue';
import type { UpsertTally } from '../../shared/store/daily-metrics-store';
import { InMemoryConnectionStore } from '../../shared/store/memory/connection-store';
import { InMemoryDailyMetricsStore } from '../../shared/store/memory/daily-metrics-store';
import { InMemoryInsightsJobStore } from '../../shared/store/memory/insights-job-store';

/**
 * A small world for the Insights pull's unit tests: a fake Meta that answers Insights from a
 * truth table (sync pages, async report runs with scripted traps), ua_daily_metrics in memory
 * with the upsert rule, and a queue that a test drains like SQS (a DeferError requeues its
 * resume point and moves the clock by its delay).
 */

export const WORKSPACE = 'ws_insights';
export const AD_ACCOUNT = 'act_100';
export const LOGIN_TOKEN = 'tok_login';

/** One report run's behaviour, chosen by the query it was started for. */
export type ReportScript =
  | 'completes'
  /** `Job Failed`. */
  | 'fails'
  /** 100 % but never `Job Completed`. */
  | 'stalls'
  /** Runs forever below 100 %. */
  | 'hangs';

interface ReportRun {
  query: InsightsQuery;
  script: ReportScript;
  looks: number;
}

/** Meta answering Insights from `truth`, with traps a test arms. */
export class FakeMetaInsights implements MetaInsights {
  truth: MetaInsightRow[] = [];
  readonly calls: { op: string; query?: InsightsQuery; tokenId: string; after?: string; limit?: number }[] =
    [];
  /** Which script a new report run follows. */
  scriptFor: (query: InsightsQuery) => ReportScript = () => 'completes';
  /** Reads of more days than this are refused as too large (sync and report pages alike). */
  maxDaysPerRead = Number.POSITIVE_INFINITY;
  /** Pages asking for more rows than this are refused as too large (sync and report pages alike). */
  maxPageLimit = Number.POSITIVE_INFINITY;
  /** Thrown by the next calls, one each, before anything else (throttles, outages, tokens). */
  readonly failNext: unknown[] = [];
  /** Thrown by any call this answers for (by operation and query), after `failNext`. */
  failIf: (op: string, query: InsightsQuery, after?: string) => unknown = () => undefined;
  /** Tokens Meta refuses (190). */
  readonly deadTokens = new Set<string>();
  private readonly runs = new Map<string, ReportRun>();
  private nextRunId = 1;

  async readPage(
    call: InsightsCall,
    query: InsightsQuery,
    page: { limit: number; after?: string },
  ): Promise<InsightsPage> {
    this.enter(call, 'readPage', query, page);
    this.refuseTooLarge(query, page);
    return this.pageOf(query, page);
  }

  async startReport(call: InsightsCall, query: InsightsQuery): Promise<{ reportRunId: string }> {
    this.enter(call, 'startReport', query);
    const reportRunId = `run_${this.nextRunId++}`;
    this.runs.set(reportRunId, { query, script: this.scriptFor(query), looks: 0 });
    return { reportRunId };
  }

  async reportStatus(call: InsightsCall, reportRunId: string): Promise<ReportRunStatus> {
    const run = this.run(reportRunId);
    this.enter(call, 'reportStatus', run.query);
    run.looks += 1;
    if (run.script === 'fails') return { state: 'failed', reason: 'Job Failed' };
    if (run.script === 'stalls') return { state: 'running', percent: 100 };
    if (run.script === 'hangs') return { state: 'running', percent: 30 };
    return run.looks >= 2 ? { state: 'completed' } : { state: 'running', percent: 50 };
  }

  async readReportPage(
    call: InsightsCall,
    reportRunId: string,
    page: { limit: number; after?: string },
  ): Promise<InsightsPage> {
    const run = this.run(reportRunId);
    this.enter(call, 'readReportPage', run.query, page);
    this.refuseTooLarge(run.query, page);
    return this.pageOf(run.query, page);
  }

  count(op: string): number {
    return this.calls.filter((c) => c.op === op).length;
  }

  private enter(
    call: InsightsCall,
    op: string,
    query: InsightsQuery,
    page?: { limit: number; after?: string },
  ): void {
    const after = page?.after;
    this.calls.push({
      op,
      query,
      tokenId: call.tokenId,
      ...(after ? { after } : {}),
      ...(page ? { limit: page.limit } : {}),
    });
    const next = this.failNext.shift();
    if (next !== undefined) throw next;
    const chosen = this.failIf(op, query, after);
    if (chosen !== undefined) throw chosen;
    if (this.deadTokens.has(call.tokenId)) throw tokenInvalid();
  }

  private refuseTooLarge(query: InsightsQuery, page: { limit: number }): void {
    if (daysBetweenInclusive(query.since, query.until) > this.maxDaysPerRead) throw tooLarge();
    if (page.limit > this.maxPageLimit) throw tooLarge();
  }

  private pageOf(query: InsightsQuery, page: { limit: number; after?: string }): InsightsPage {
    const rows = this.truth
      .filter((r) => r.level === query.level && r.date >= query.since && r.date <= query.until)
      .sort((a, b) =>
        a.date === b.date ? a.entityId.localeCompare(b.entityId) : a.date.localeCompare(b.date),
      );
    const start = page.after ? Number(page.after.slice(1)) : 0;
    const end = start + page.limit;
    return { rows: rows.slice(start, end), ...(end < rows.length ? { after: `o${end}` } : {}) };
  }

  private run(reportRunId: string): ReportRun {
    const run = this.runs.get(reportRunId);
    if (!run) throw new Error(`no report run ${reportRunId}`);
    return run;
  }
}

export function tooLarge(): MetaDataTooLargeError {
  return new MetaDataTooLargeError('Please reduce the amount of data', {
    httpStatus: 500,
    code: 1,
    message: 'x',
  });
}

/** Meta's answer to an expired or unknown `after` cursor. */
export function invalidCursor(): MetaRequestError {
  return new MetaRequestError('Meta error (#2642): (#2642) Invalid cursors values', {
    httpStatus: 400,
    code: 2642,
    message: '(#2642) Invalid cursors values',
  });
}

export function tokenInvalid(): MetaTokenInvalidError {
  return new MetaTokenInvalidError('Error validating access token', {
    httpStatus: 400,
    code: 190,
    message: 'x',
  });
}

/** ua_daily_metrics in memory (the real in-memory store), recording each upsert's size. */
export class InMemoryDailyMetrics extends InMemoryDailyMetricsStore {
  /** Rows in each upsert call: a page never holds more than Meta's page. */
  readonly batchSizes: number[] = [];

  override async upsert(rows: readonly DailyMetricRow[], nowIso: string): Promise<UpsertTally> {
    this.batchSizes.push(rows.length);
    return super.upsert(rows, nowIso);
  }

  /** The stored rows of a level, as comparable lines. */
  levelRows(level: InsightsLevel): string[] {
    return this.all
      .filter((r) => r.level === level)
      .map(metricLine)
      .sort();
  }
}

/** The comparable part of a row, as one line. */
export function metricLine(
  row: Pick<
    DailyMetricRow,
    'entityId' | 'date' | 'spend' | 'impressions' | 'clicks' | 'conversions' | 'conversionValue' | 'currency'
  >,
): string {
  return [
    row.entityId,
    row.date,
    row.spend,
    row.impressions,
    row.clicks,
    row.conversions,
    row.conversionValue,
    row.currency,
  ].join('|');
}

/** Rows of `days` for campaigns c1, c2 (ad sets s1, s2; ads a1, a2), spend varying by day. */
export function truthOf(days: readonly string[]): MetaInsightRow[] {
  const rows: MetaInsightRow[] = [];
  days.forEach((date, i) => {
    for (const [n, campaignId] of ['1', '2'].entries()) {
      const base = { date, currency: 'USD', campaignId, impressions: 100 + i, clicks: 5 + n, conversions: n };
      rows.push({
        ...base,
        level: 'campaign',
        entityId: campaignId,
        spend: `${10 + i}.${n}5`,
        conversionValue: `${n * 3}.50`,
      });
      rows.push({
        ...base,
        level: 'adset',
        entityId: `1${campaignId}`,
        adSetId: `1${campaignId}`,
        spend: `${5 + i}.00`,
        conversionValue: '0',
      });
      rows.push({
        ...base,
        level: 'ad',
        entityId: `2${campaignId}`,
        adSetId: `1${campaignId}`,
        spend: `${2 + i}.10`,
        conversionValue: '1.25',
      });
    }
  });
  return rows;
}

export interface InsightsWorld {
  deps: InsightsPullDeps;
  meta: FakeMetaInsights;
  metrics: InMemoryDailyMetrics;
  jobs: InMemoryInsightsJobStore;
  connections: InMemoryConnectionStore;
  assets: Map<string, Asset>;
  queue: { message: InsightsPullMessage; delaySeconds: number }[];
  guardCalls: SpendGuardInput[];
  clock: { nowMs: number };
  /** The Lambda time left in each delivery. */
  remainingMs: () => number;
}

/** A connected workspace with the picked ad account `act_100` in `timezone`, reached by the login token. */
export async function insightsWorld(
  options: { timezone?: string; nowIso?: string; tokens?: string[] } = {},
): Promise<InsightsWorld> {
  const clock = { nowMs: Date.parse(options.nowIso ?? '2026-12-01T12:00:00Z') };
  const connections = new InMemoryConnectionStore();
  const at = new Date(clock.nowMs).toISOString();
  await connections.put({
    workspaceId: WORKSPACE,
    status: 'connected',
    generation: 1,
    revision: 0,
    adAccountId: AD_ACCOUNT,
    scopes: ['ads_read'],
    declinedScopes: [],
    updatedAt: at,
  });
  const tokenIds = options.tokens ?? [LOGIN_TOKEN];
  const assets = new Map<string, Asset>();
  assets.set(AD_ACCOUNT, {
    type: 'ad-accounts',
    id: AD_ACCOUNT,
    name: 'Shop',
    ownership: 'owned',
    tokenIds,
    currency: 'USD',
    timezone: options.timezone ?? 'America/Los_Angeles',
    workspaceId: WORKSPACE,
    status: 'active',
    lastSeenRunId: 'run',
    changedRunId: 'run',
    change: 'added',
    firstSeenAt: at,
    updatedAt: at,
  });
  const meta = new FakeMetaInsights();
  const metrics = new InMemoryDailyMetrics();
  const jobs = new InMemoryInsightsJobStore();
  const queue: InsightsWorld['queue'] = [];
  const guardCalls: SpendGuardInput[] = [];
  let hex = 0;
  const world: InsightsWorld = {
    meta,
    metrics,
    jobs,
    connections,
    assets,
    queue,
    guardCalls,
    clock,
    remainingMs: () => 120_000,
    deps: {
      connections,
      assets: {
        get: async (workspaceId, type, id) => {
          const asset = assets.get(id);
          return asset && asset.workspaceId === workspaceId && asset.type === type
            ? structuredClone(asset)
            : undefined;
        },
      },
      jobs,
      queue: {
        sendAll: async (messages) => {
          for (const message of messages) queue.push({ message: structuredClone(message), delaySeconds: 0 });
        },
      },
      now: () => clock.nowMs,
      randomHex: () => (hex++).toString(16).padStart(24, '0'),
      meta,
      metrics,
      tokens: async () => tokenIds.map((id) => ({ id, accessToken: `secret-${id}` })),
      guardSpend: async (input) => {
        guardCalls.push(structuredClone({ ...input, dates: [...input.dates] }));
      },
    },
  };
  return world;
}

/**
 * Delivers queued messages like SQS until none is left (or `maxDeliveries`): the soonest
 * first, the clock moved to it; a DeferError puts its resume point back with its delay. Every
 * message crosses the queue's schema, as in the consumer.
 */
export async function drain(world: InsightsWorld, maxDeliveries = 2000): Promise<number> {
  let deliveries = 0;
  let queueClockMs = world.clock.nowMs;
  const due = world.queue.map((q) => ({ ...q, dueMs: queueClockMs + q.delaySeconds * 1000 }));
  world.queue.length = 0;
  while (due.length > 0 || world.queue.length > 0) {
    for (const fresh of world.queue.splice(0))
      due.push({ ...fresh, dueMs: queueClockMs + fresh.delaySeconds * 1000 });
    due.sort((a, b) => a.dueMs - b.dueMs);
    const next = due.shift();
    if (!next) break;
    if (++deliveries > maxDeliveries) throw new Error('the queue never drained');
    queueClockMs = Math.max(queueClockMs, next.dueMs);
    world.clock.nowMs = Math.max(world.clock.nowMs, queueClockMs);
    const message = insightsPullMessageSchema.parse(JSON.parse(JSON.stringify(next.message)));
    try {
      await handlePullMessage(world.deps, message, { remainingMs: world.remainingMs });
    } catch (err: unknown) {
      if (!(err instanceof DeferError)) throw err;
      due.push({
        message: insightsPullMessageSchema.parse(err.resume),
        delaySeconds: err.delaySeconds,
        dueMs: queueClockMs + Math.max(1, Math.ceil(err.delaySeconds)) * 1000,
      });
    }
  }
  return deliveries;
}
