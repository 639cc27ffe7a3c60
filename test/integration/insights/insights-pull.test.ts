import type { InsightsWorld } from '../../../infra/local/meta-simulator';
import { INSIGHTS_LEVELS, type InsightsLevel } from '../../../shared/domain/daily-metrics';
import { DynamoDailyMetricsStore } from '../../../shared/store/dynamodb/daily-metrics-store';
import { type CampaignWorld, connectedWorkspace, mutate } from '../campaigns/campaign-fixture';
import { api } from '../support/runtime';

/**
 * The Insights pull through the local runtime and the simulator: a refresh, the schedules and
 * the traps of async report runs all end with ua_daily_metrics equal to the simulator's truth.
 */
let world: CampaignWorld;
let seeded: InsightsWorld;
let from: string;
let to: string;
const metrics = new DynamoDailyMetricsStore();

type Row = {
  entityId: string;
  date: string;
  spend: string;
  impressions: number;
  clicks: number;
  conversions: number;
  conversionValue: string;
  currency: string;
};
const line = (r: Row) =>
  [r.entityId, r.date, r.spend, r.impressions, r.clicks, r.conversions, r.conversionValue, r.currency].join(
    '|',
  );

function truth(level: InsightsLevel, since = from, until = to): string[] {
  const rows = world.rt.simulator?.insightsTruth(world.adAccountId, { level, from: since, to: until }) ?? [];
  return rows.map(line).sort();
}

async function stored(level: InsightsLevel, since = from, until = to): Promise<string[]> {
  const lines: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await metrics.list(
      { workspaceId: 'dev-workspace', adAccountId: world.adAccountId, level, from: since, to: until },
      { limit: 500, ...(cursor ? { cursor } : {}) },
    );
    lines.push(...page.items.map(line));
    cursor = page.nextCursor;
  } while (cursor);
  return lines.sort();
}

async function refresh(body: Record<string, unknown>) {
  const started = await api(world.rt, 'POST', '/insights/refresh', { token: world.user, body });
  expect(started.status).toBe(202);
  await world.rt.idle(60_000);
  const job = await api(world.rt, 'GET', `/insights/jobs/${started.body.jobId}`, { token: world.user });
  expect(job.status).toBe(200);
  return job.body;
}

/** The days of the seeded history, oldest first. */
function days(): string[] {
  return [...new Set(truth('campaign').map((l) => l.split('|')[1] ?? ''))].sort();
}

async function expectEqualsTruth(since = from, until = to) {
  for (const level of INSIGHTS_LEVELS)
    expect(await stored(level, since, until)).toEqual(truth(level, since, until));
}

beforeAll(async () => {
  world = await connectedWorkspace();
  const sim = world.rt.simulator;
  if (!sim) throw new Error('no simulator');
  sim.setInsightsOptions({ asyncJobMs: 100 });
  seeded =
    sim.seedInsightsWorld(world.adAccountId, {
      campaigns: 5,
      adSetsPerCampaign: 2,
      adsPerAdSet: 2,
      days: 12,
      archivedShare: 0.2,
      deletedShare: 0.2,
    }) ?? seeded;
  const days = (
    sim.insightsTruth(world.adAccountId, { level: 'campaign', from: '2020-01-01', to: '2035-12-31' }) ?? []
  )
    .map((r) => r.date)
    .sort();
  from = days[0] ?? '';
  to = days[days.length - 1] ?? '';
}, 120_000);
afterAll(() => world.rt.stop());

describe('the Insights pull', () => {
  it('refreshes all three levels into ua_daily_metrics equal to the truth, archived and deleted included', async () => {
    const job = await refresh({ from, to });
    expect(job).toMatchObject({
      status: 'succeeded',
      adAccountId: world.adAccountId,
      from,
      to,
      trigger: 'manual',
      errors: [],
    });
    expect(job.progress.done).toBe(job.progress.total);
    await expectEqualsTruth();
    // Every seeded object has rows, ARCHIVED and DELETED ones too (Meta's default hides them).
    const adSets = seeded.campaigns.flatMap((c) => c.adSets);
    const statuses = new Set([...seeded.campaigns, ...adSets].map((o) => o.status));
    expect(statuses).toEqual(new Set(['ACTIVE', 'ARCHIVED', 'DELETED']));
    const idsAt = async (level: InsightsLevel) => new Set((await stored(level)).map((l) => l.split('|')[0]));
    expect(await idsAt('campaign')).toEqual(new Set(seeded.campaigns.map((c) => c.id)));
    expect(await idsAt('adset')).toEqual(new Set(adSets.map((a) => a.id)));
    expect(await idsAt('ad')).toEqual(new Set(adSets.flatMap((a) => a.adIds)));
    expect(job.written).toBe(job.rows);
  }, 90_000);

  it('writes nothing on an unchanged re-pull and only the restated rows after a restatement', async () => {
    const unchanged = await refresh({ from, to });
    expect(unchanged).toMatchObject({ status: 'succeeded', written: 0 });
    expect(unchanged.rows).toBeGreaterThan(0);

    const before = new Set(INSIGHTS_LEVELS.flatMap((level) => truth(level)));
    world.rt.simulator?.restateInsights(world.adAccountId, { from, to: from, seed: 7 });
    const after = INSIGHTS_LEVELS.flatMap((level) => truth(level));
    const restated = after.filter((l) => !before.has(l)).length;
    expect(restated).toBeGreaterThan(0);
    const repull = await refresh({ from, to });
    expect(repull).toMatchObject({ status: 'succeeded', written: restated });
    await expectEqualsTruth();
  }, 90_000);

  it('splits a failed report run and reads too large for Meta, and still ends equal to the truth', async () => {
    world.rt.simulator?.setInsightsOptions({ asyncJobMs: 100, failJobs: 1 });
    const failed = await refresh({ from, to });
    expect(failed.status).toBe('succeeded');
    // One of the three month pieces failed and was replaced by its halves.
    expect(failed.progress).toEqual({ total: 4, done: 4, failed: 0 });
    await expectEqualsTruth();

    // A week reads synchronously; more than 20 rows at once is "reduce the amount of data".
    world.rt.simulator?.setInsightsOptions({ asyncJobMs: 100, syncRowLimit: 20 });
    const weekFrom = days().slice(-7)[0] ?? to;
    const split = await refresh({ from: weekFrom, to });
    expect(split.status).toBe('succeeded');
    expect(split.progress.total).toBeGreaterThan(3);
    await expectEqualsTruth(weekFrom, to);
    world.rt.simulator?.setInsightsOptions({ asyncJobMs: 100 });
  }, 120_000);

  it('pulls today and yesterday hourly, and the lookback daily, from the schedules', async () => {
    world.rt.simulator?.restateInsights(world.adAccountId, { from, to, seed: 11 });
    await world.rt.fireSchedule('insights-hourly');
    await world.rt.idle(60_000);
    const yesterday = days().slice(-2)[0] ?? to;
    await expectEqualsTruth(yesterday, to);
    // The older days keep the first numbers until the daily lookback re-reads them.
    expect(await stored('ad', from, from)).not.toEqual(truth('ad', from, from));
    await world.rt.fireSchedule('insights-daily');
    await world.rt.idle(60_000);
    await expectEqualsTruth();
  }, 120_000);

  describe('with more ads than a small page holds', () => {
    /** Insights page reads Meta refused with `status`, since the last reset. */
    const refusedPages = (status: number) =>
      (world.rt.simulator?.requests() ?? []).filter(
        (r) => r.path.endsWith('/insights') && r.status === status,
      ).length;
    const truthRows = () => INSIGHTS_LEVELS.reduce((sum, level) => sum + truth(level).length, 0);

    beforeAll(() => {
      // 80 ads × 12 days: the ad level takes four pages of 250.
      world.rt.simulator?.seedInsightsWorld(world.adAccountId, {
        campaigns: 5,
        adSetsPerCampaign: 2,
        adsPerAdSet: 6,
        days: 12,
      });
    });
    afterEach(() => world.rt.simulator?.setInsightsOptions({ asyncJobMs: 100 }));

    it('asks for smaller pages when Meta refuses a page as too large, without splitting the range', async () => {
      const sim = world.rt.simulator;
      sim?.setInsightsOptions({ asyncJobMs: 100, pageRowLimit: 300 });
      sim?.resetRequests();
      const job = await refresh({ from, to });
      expect(job).toMatchObject({ status: 'succeeded', errors: [] });
      expect(job.progress).toEqual({ total: 3, done: 3, failed: 0 });
      // Each level: 5 000, 2 500, 1 250, 625 and 312 refused, then pages of 250.
      expect(refusedPages(500)).toBe(15);
      expect(job.rows).toBe(truthRows());
      await expectEqualsTruth();
    }, 120_000);

    it("reads a report run's pages again from the first when Meta refuses an expired cursor", async () => {
      const sim = world.rt.simulator;
      sim?.setInsightsOptions({ asyncJobMs: 100, pageRowLimit: 300, invalidCursors: 1 });
      sim?.resetRequests();
      const job = await refresh({ from, to });
      expect(job).toMatchObject({ status: 'succeeded', errors: [], written: 0 });
      expect(job.progress).toEqual({ total: 3, done: 3, failed: 0 });
      expect(refusedPages(400)).toBe(1);
      // The re-read pages count once.
      expect(job.rows).toBe(truthRows());
      await expectEqualsTruth();
    }, 120_000);
  });

  it('answers a retried refresh with the job the first one started, under its Idempotency-Key', async () => {
    const post = () =>
      api(world.rt, 'POST', '/insights/refresh', {
        token: world.user,
        body: { from, to },
        headers: { 'idempotency-key': 'refresh-once-1' },
      });
    const first = await post();
    const again = await post();
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body.jobId).toBe(first.body.jobId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    await world.rt.idle(60_000);
    const other = await api(world.rt, 'POST', '/insights/refresh', {
      token: world.user,
      body: { from, to },
      headers: { 'idempotency-key': 'refresh-once-2' },
    });
    expect(other.body.jobId).not.toBe(first.body.jobId);
    await world.rt.idle(60_000);
  });

  it('answers 400 naming the field, 404 for a foreign ad account, 409 when not connected', async () => {
    const post = (body: unknown, token = world.user) =>
      api(world.rt, 'POST', '/insights/refresh', { token, body });
    const backwards = await post({ from: to, to: from });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details).toEqual([expect.objectContaining({ path: 'from' })]);
    const future = await post({ from, to: '2099-01-01' });
    expect(future.status).toBe(400);
    expect(future.body.error.details).toEqual([expect.objectContaining({ path: 'to' })]);
    const ancient = await post({ from: '2019-01-01', to });
    expect(ancient.status).toBe(400);
    expect((await post({ from, to: '2026-02-30' })).status).toBe(400);
    expect((await post({ adAccountId: 'act_999999999', from, to })).status).toBe(404);
    const stranger = world.rt.token({ workspace_id: 'ws-never-connected', sub: 'someone' });
    const notConnected = await post({ from, to }, stranger);
    expect(notConnected.status).toBe(409);
    expect(notConnected.body.error.code).toBe('not_connected');
    const job = await api(world.rt, 'GET', '/insights/jobs/inj_000000000000000000000000', {
      token: world.user,
    });
    expect(job.status).toBe(404);
  });

  it('defers the pull on an Insights throttle while a campaign pause goes through at once', async () => {
    const sim = world.rt.simulator;
    if (!sim) throw new Error('no simulator');
    sim.addFault({
      path: `/${world.adAccountId}/insights`,
      status: 400,
      error: { code: 80000 },
      regainAccessMinutes: 1,
      times: 1,
    });
    const started = await api(world.rt, 'POST', '/insights/refresh', {
      token: world.user,
      body: { from: to, to },
    });
    expect(started.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const active = seeded.campaigns.find((c) => c.status === 'ACTIVE');
    if (!active) throw new Error('no active campaign');
    const at = Date.now();
    const paused = await mutate(world, 'POST', `/meta/campaigns/${active.id}/pause`);
    expect(paused.status).toBe(200);
    expect(Date.now() - at).toBeLessThan(5_000);
    const job = await api(world.rt, 'GET', `/insights/jobs/${started.body.jobId}`, { token: world.user });
    expect(job.body.status).toBe('running');
  }, 60_000);
});
