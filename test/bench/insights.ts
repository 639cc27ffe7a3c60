/**
 * `insights` bench area (issue 16), on the local runtime (DynamoDB Local, the queue runner, the
 * Meta simulator at 100 ms latency), each figure through the routes and queues production uses:
 * - rowsPerSecond: rows into ua_daily_metrics per second for 1 000 ads × 30 days (all three
 *   levels: 30 000 ad rows + their ad sets' and campaigns'), from `POST /insights/refresh` to
 *   the job's `succeeded`, waits for Meta's async report runs included;
 * - graphCallsPerAccountDay: Graph calls of the daily 28-day lookback (`insights-daily`
 *   schedule) of an ad account with 50 campaigns, per day of the window (target ≤ 0.5);
 * - restatedRowsCorrect: after Meta restates the last 7 days and the lookback runs again, the
 *   share of stored rows (all levels, the whole window) equal to the simulator's truth (target 1.0);
 * - unchangedRepullWrites: rows written by a further lookback with nothing restated (target 0).
 */
import { resolve } from 'node:path';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import { addDays, dayInZone } from '../../shared/domain/account-days';
import { INSIGHTS_LEVELS, type InsightsLevel, METRIC_FIELDS } from '../../shared/domain/daily-metrics';
import { type CampaignWorld, connectedWorkspace } from '../integration/campaigns/campaign-fixture';
import { api } from '../integration/support/runtime';
import { roundTo } from './statistics';

export interface InsightsFigures {
  rowsPerSecond: number;
  graphCallsPerAccountDay: number;
  restatedRowsCorrect: number;
  unchangedRepullWrites: number;
  details: Record<string, number | string>;
}

const ROOT = resolve(__dirname, '..', '..');
const LATENCY_MS = 100;
const JOB_TIMEOUT_MS = 10 * 60 * 1000;

interface Job {
  jobId: string;
  status: 'running' | 'succeeded' | 'failed';
  rows?: number;
  written?: number;
  progress: { done: number; total: number; failed: number };
}

interface Row {
  date: string;
  level: InsightsLevel;
  entityId: string;
  [field: string]: unknown;
}

export async function benchInsights(): Promise<InsightsFigures> {
  const details: Record<string, number | string> = {};
  const rt = await startLocalRuntime({ port: 0, rootDir: ROOT });
  try {
    const sim = simulatorOf(rt);
    const world = await connectedWorkspace({ rt });
    const [throughputAccount, lookbackAccount] = await adAccountsOf(world);
    if (!throughputAccount || !lookbackAccount) throw new Error('the bench needs two ad accounts');

    // 1. Throughput: 1 000 ads × 30 days through a refresh job.
    let today = await pick(world, throughputAccount);
    sim.seedInsightsWorld(throughputAccount.id, {
      campaigns: 50,
      adSetsPerCampaign: 4,
      adsPerAdSet: 5,
      days: 30,
    });
    sim.setLatency(LATENCY_MS);
    const startedAt = performance.now();
    const job = await refreshAndWait(world, addDays(today, -29), today);
    const seconds = (performance.now() - startedAt) / 1000;
    details.throughputJobSeconds = roundTo(seconds, 2);
    details.throughputRowsWritten = job.written ?? 0;
    details.throughputPieces = job.progress.total;
    const rowsPerSecond = roundTo((job.written ?? 0) / seconds, 0);

    // 2–4. The daily lookback of another ad account with 50 campaigns (the schedule pulls the
    // picked one): its calls, a restatement, an unchanged re-pull.
    today = await pick(world, lookbackAccount);
    sim.seedInsightsWorld(lookbackAccount.id, {
      campaigns: 50,
      adSetsPerCampaign: 2,
      adsPerAdSet: 2,
      days: 40,
    });
    const from = addDays(today, -27);
    sim.resetRequests();
    await rt.fireSchedule('insights-daily');
    await rt.idle(JOB_TIMEOUT_MS);
    const calls = sim.requests().length;
    details.lookbackGraphCalls = calls;

    sim.restateInsights(lookbackAccount.id, { from: addDays(today, -6), to: today, seed: 7 });
    await rt.fireSchedule('insights-daily');
    await rt.idle(JOB_TIMEOUT_MS);
    const correct = await shareEqualToTruth(world, lookbackAccount.id, from, today);
    details.restatedRowsCompared = correct.compared;

    const repull = await refreshAndWait(world, from, today);
    details.repullRowsRead = repull.rows ?? 0;
    return {
      rowsPerSecond,
      graphCallsPerAccountDay: roundTo(calls / 28, 3),
      restatedRowsCorrect: roundTo(correct.share, 4),
      unchangedRepullWrites: repull.written ?? 0,
      details,
    };
  } finally {
    await rt.stop();
  }
}

interface AdAccount {
  id: string;
  timezone?: string;
}

async function adAccountsOf(world: CampaignWorld): Promise<AdAccount[]> {
  const accounts = await api(world.rt, 'GET', '/meta/assets/ad-accounts?limit=200', { token: world.user });
  const all = accounts.body.items as (AdAccount & { currency?: string })[];
  return all.filter((a) => a.currency);
}

/** Picks the ad account (the schedules pull the picked one); its today. */
async function pick(world: CampaignWorld, account: AdAccount): Promise<string> {
  const picked = await api(world.rt, 'PUT', '/integrations/meta/ad-account', {
    token: world.user,
    body: { adAccountId: account.id },
  });
  if (picked.status !== 200) throw new Error(`pick answered ${picked.status}`);
  world.adAccountId = account.id;
  return dayInZone(Date.now(), account.timezone);
}

function simulatorOf(rt: LocalRuntime) {
  if (!rt.simulator) throw new Error('the bench needs the simulator');
  return rt.simulator;
}

async function refreshAndWait(world: CampaignWorld, from: string, to: string): Promise<Job> {
  const started = await api(world.rt, 'POST', '/insights/refresh', {
    token: world.user,
    body: { adAccountId: world.adAccountId, from, to },
  });
  if (started.status !== 202)
    throw new Error(`refresh answered ${started.status}: ${JSON.stringify(started.body)}`);
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  for (;;) {
    const job = await api(world.rt, 'GET', `/insights/jobs/${started.body.jobId}`, { token: world.user });
    const body = job.body as Job;
    if (body.status === 'succeeded') return body;
    if (body.status === 'failed') throw new Error(`the refresh job failed: ${JSON.stringify(body)}`);
    if (Date.now() > deadline) throw new Error(`the refresh job is still running: ${JSON.stringify(body)}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Every stored row of the window at every level compared with Meta's truth, field by field. */
async function shareEqualToTruth(
  world: CampaignWorld,
  adAccountId: string,
  from: string,
  to: string,
): Promise<{ share: number; compared: number }> {
  let equal = 0;
  let compared = 0;
  for (const level of INSIGHTS_LEVELS) {
    const truth = simulatorOf(world.rt).insightsTruth(adAccountId, { level, from, to });
    if (!truth) throw new Error(`the simulator has no ad account ${adAccountId}`);
    const stored = new Map((await storedRows(world, level, from, to)).map((row) => [rowKey(row), row]));
    compared += Math.max(truth.length, stored.size);
    for (const expected of truth) {
      const row = stored.get(rowKey(expected));
      if (row && METRIC_FIELDS.every((field) => row[field] === expected[field])) equal++;
    }
  }
  return { share: compared === 0 ? 0 : equal / compared, compared };
}

async function storedRows(
  world: CampaignWorld,
  level: InsightsLevel,
  from: string,
  to: string,
): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ level, from, to, adAccountId: world.adAccountId, limit: '1000' });
    if (cursor) query.set('cursor', cursor);
    const page = await api(world.rt, 'GET', `/insights?${query}`, { token: world.user });
    if (page.status !== 200) throw new Error(`GET /insights answered ${page.status}`);
    rows.push(...(page.body.items as Row[]));
    cursor = page.body.nextCursor;
  } while (cursor);
  return rows;
}

function rowKey(row: Pick<Row, 'level' | 'entityId' | 'date'>): string {
  return `${row.level}|${row.entityId}|${row.date}`;
}
