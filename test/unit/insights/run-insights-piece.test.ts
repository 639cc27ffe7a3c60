import { daysOf } from '../../../shared/domain/account-days';
import { INSIGHTS_LEVELS } from '../../../shared/domain/daily-metrics';
import type { MetaInsightRow } from '../../../shared/insights/meta-insights';
import { refreshInsights } from '../../../shared/insights/refresh-insights';
import { type GraphErrorInfo, MetaThrottledError, MetaTransientError } from '../../../shared/platform/errors';
import {
  AD_ACCOUNT,
  drain,
  type InsightsWorld,
  insightsWorld,
  invalidCursor,
  LOGIN_TOKEN,
  metricLine,
  tooLarge,
  truthOf,
  WORKSPACE,
} from '../../support/insights-world';

const info: GraphErrorInfo = { httpStatus: 400, message: 'x', code: 80000 };
/** 12:00 UTC is 04:00 in Los Angeles: the account's today is 2026-12-01. */
const TODAY = '2026-12-01';
const MONTH = daysOf('2026-11-04', TODAY);

/** `perDay` campaigns with a row on each of `days`, sorted as the fake pages them. */
function campaignRows(days: readonly string[], perDay: number): MetaInsightRow[] {
  const rows: MetaInsightRow[] = [];
  for (let c = 1; c <= perDay; c++)
    for (const date of days)
      rows.push({
        level: 'campaign',
        entityId: String(c),
        campaignId: String(c),
        date,
        spend: '1.00',
        impressions: 1,
        clicks: 0,
        conversions: 0,
        conversionValue: '0',
        currency: 'USD',
      });
  return rows;
}

/** The campaign level's page reads of `op`, as `after@limit`. */
function campaignPageReads(world: InsightsWorld, op = 'readPage'): string[] {
  return world.meta.calls
    .filter((c) => c.op === op && c.query?.level === 'campaign')
    .map((c) => `${c.after ?? 'first'}@${c.limit}`);
}

async function refreshed(world: InsightsWorld, from: string, to: string) {
  const { jobId } = await refreshInsights(world.deps, WORKSPACE, { from, to });
  await drain(world);
  const job = await world.jobs.get(WORKSPACE, jobId);
  if (!job) throw new Error('no job');
  return job;
}

function expectStoredEqualsTruth(world: InsightsWorld, truth: MetaInsightRow[] = world.meta.truth) {
  for (const level of INSIGHTS_LEVELS) {
    expect(world.metrics.levelRows(level)).toEqual(
      truth
        .filter((r) => r.level === level)
        .map(metricLine)
        .sort(),
    );
  }
}

describe('an Insights job', () => {
  it('reads a 28-day range as async report runs at all three levels, polled 2 s then 4 s, into ua_daily_metrics', async () => {
    const world = await insightsWorld();
    world.meta.truth = truthOf(MONTH);
    const job = await refreshed(world, MONTH[0] ?? '', TODAY);
    expect(job).toMatchObject({
      status: 'succeeded',
      trigger: 'manual',
      pieces: { total: 3, done: 3, failed: 0 },
      rows: world.meta.truth.length,
      written: world.meta.truth.length,
      errors: [],
    });
    expect(job.finishedAt).toBeDefined();
    expectStoredEqualsTruth(world);
    expect(world.meta.count('startReport')).toBe(3);
    expect(world.meta.count('readPage')).toBe(0);
    // Each run: one look at 50 %, one completed.
    expect(world.meta.count('reportStatus')).toBe(6);
    // The spend guard hears of the campaign level's days, once.
    expect(world.guardCalls).toEqual([{ workspaceId: WORKSPACE, adAccountId: AD_ACCOUNT, dates: MONTH }]);
    // Every row carries its workspace and ad account.
    expect(world.metrics.all.every((r) => r.workspaceId === WORKSPACE && r.adAccountId === AD_ACCOUNT)).toBe(
      true,
    );
  });

  it('reads a week synchronously with pages of 5 000, storing page by page', async () => {
    const world = await insightsWorld();
    const days = daysOf('2026-11-25', TODAY);
    const many: MetaInsightRow[] = [];
    for (let c = 1; c <= 1100; c++)
      for (const date of days)
        many.push({
          level: 'campaign',
          entityId: String(c),
          campaignId: String(c),
          date,
          spend: '1.00',
          impressions: 1,
          clicks: 0,
          conversions: 0,
          conversionValue: '0',
          currency: 'USD',
        });
    world.meta.truth = many;
    const job = await refreshed(world, days[0] ?? '', TODAY);
    expect(job.status).toBe('succeeded');
    expect(world.meta.count('startReport')).toBe(0);
    // 7 700 campaign rows: two pages; the other levels one empty page each.
    expect(
      world.meta.calls
        .filter((c) => c.op === 'readPage' && c.query?.level === 'campaign')
        .map((c) => c.after),
    ).toEqual([undefined, 'o5000']);
    expect(Math.max(...world.metrics.batchSizes)).toBe(5000);
    expect(job.rows).toBe(7700);
    expectStoredEqualsTruth(world);
  });

  it('writes only the restated rows on a re-pull, and nothing when nothing changed', async () => {
    const world = await insightsWorld();
    world.meta.truth = truthOf(MONTH);
    await refreshed(world, MONTH[0] ?? '', TODAY);
    const unchanged = await refreshed(world, MONTH[0] ?? '', TODAY);
    expect(unchanged).toMatchObject({ status: 'succeeded', written: 0, rows: world.meta.truth.length });

    const restated = world.meta.truth.map((row) =>
      row.level === 'ad' && row.date === '2026-11-20'
        ? { ...row, conversions: row.conversions + 3, conversionValue: '99.99' }
        : row,
    );
    world.meta.truth = restated;
    const repull = await refreshed(world, MONTH[0] ?? '', TODAY);
    expect(repull.written).toBe(2);
    expectStoredEqualsTruth(world, restated);
  });

  it.each(['fails', 'stalls', 'hangs'] as const)(
    'splits a report run that %s into halves and still ends equal to the truth',
    async (script) => {
      const world = await insightsWorld();
      world.meta.truth = truthOf(MONTH);
      // The whole month's campaign run is the trap; its halves complete.
      world.meta.scriptFor = (q) =>
        q.level === 'campaign' && q.since === MONTH[0] && q.until === TODAY ? script : 'completes';
      const job = await refreshed(world, MONTH[0] ?? '', TODAY);
      expect(job).toMatchObject({ status: 'succeeded', pieces: { total: 4, done: 4, failed: 0 } });
      expectStoredEqualsTruth(world);
      const campaignRuns = world.meta.calls.filter(
        (c) => c.op === 'startReport' && c.query?.level === 'campaign',
      );
      expect(campaignRuns.map((c) => `${c.query?.since}..${c.query?.until}`)).toEqual([
        '2026-11-04..2026-12-01',
        '2026-11-04..2026-11-17',
        '2026-11-18..2026-12-01',
      ]);
      // The guard hears of the halves' days, not of the piece that was split.
      expect(world.guardCalls.flatMap((g) => g.dates).sort()).toEqual(MONTH);
    },
  );

  it('gives up a run stuck at 100 % after ~90 s and one still running after 15 minutes', async () => {
    for (const [script, minMs, maxMs] of [
      ['stalls', 90_000, 200_000],
      ['hangs', 15 * 60_000, 17 * 60_000],
    ] as const) {
      const world = await insightsWorld();
      world.meta.truth = truthOf(MONTH);
      const started = world.clock.nowMs;
      let splitAt: number | undefined;
      world.meta.scriptFor = (q) => {
        if (q.level !== 'campaign') return 'completes';
        if (q.since === MONTH[0] && q.until === TODAY) return script;
        // The halves of the campaign piece start when it is given up.
        splitAt ??= world.clock.nowMs;
        return 'completes';
      };
      expect((await refreshed(world, MONTH[0] ?? '', TODAY)).status).toBe('succeeded');
      expect((splitAt ?? 0) - started).toBeGreaterThan(minMs);
      expect((splitAt ?? 0) - started).toBeLessThan(maxMs);
    }
  });

  it('splits reads Meta refuses as too large until they fit', async () => {
    const world = await insightsWorld();
    world.meta.truth = truthOf(MONTH);
    world.meta.maxDaysPerRead = 10;
    const job = await refreshed(world, MONTH[0] ?? '', TODAY);
    expect(job.status).toBe('succeeded');
    // 28 days → 14 + 14 → 7 ×4 at each level: 3 + 3 × 6 pieces = 21; 3 × 3 splits.
    expect(job.pieces).toEqual({ total: 12, done: 12, failed: 0 });
    expectStoredEqualsTruth(world);
  });

  it('runs a single failing day afresh twice, then counts it failed with the reason while the rest is stored', async () => {
    const world = await insightsWorld();
    const days = daysOf('2026-11-20', '2026-11-27'); // 8 days: async
    world.meta.truth = truthOf(days);
    const hasTheDay = (q: { level: string; since: string; until: string }) =>
      q.level === 'ad' && q.since <= '2026-11-23' && q.until >= '2026-11-23';
    world.meta.scriptFor = (q) => (hasTheDay(q) ? 'fails' : 'completes');
    world.meta.failIf = (op, q) => (op === 'readPage' && hasTheDay(q) ? tooLarge() : undefined);
    const job = await refreshed(world, '2026-11-20', '2026-11-27');
    expect(job.status).toBe('failed');
    expect(job.pieces.failed).toBe(1);
    expect(job.pieces.done + job.pieces.failed).toBe(job.pieces.total);
    expect(job.errors).toHaveLength(1);
    expect(job.errors[0]?.code).toBe('insights_unavailable');
    expect(job.errors[0]?.message).toContain('2026-11-23');
    // The day alone was tried three times: read synchronously (each page size down to the
    // smallest refused too), then two fresh report runs.
    const alone = world.meta.calls.filter(
      (c) => c.query?.level === 'ad' && c.query.since === '2026-11-23' && c.query.until === '2026-11-23',
    );
    expect(alone.filter((c) => c.op === 'readPage').map((c) => c.limit)).toEqual([
      5000, 2500, 1250, 625, 312, 250,
    ]);
    expect(alone.filter((c) => c.op === 'startReport')).toHaveLength(2);
    const stored = world.metrics.levelRows('ad');
    expect(stored).toEqual(
      world.meta.truth
        .filter((r) => r.level === 'ad' && r.date !== '2026-11-23')
        .map(metricLine)
        .sort(),
    );
    expect(world.metrics.levelRows('campaign')).toHaveLength(16);
  });

  it('asks for a smaller page when Meta asks for less data, from the same cursor, without a split', async () => {
    const world = await insightsWorld();
    const days = daysOf('2026-11-25', TODAY);
    world.meta.truth = campaignRows(days, 1100); // 7 700 rows
    // Meta takes the first page whole, then wants less than 1 000 rows a page.
    const readPage = world.meta.readPage.bind(world.meta);
    world.meta.readPage = async (call, query, page) => {
      const answer = await readPage(call, query, page);
      if (query.level === 'campaign') world.meta.maxPageLimit = 1000;
      return answer;
    };
    const job = await refreshed(world, days[0] ?? '', TODAY);
    expect(job).toMatchObject({ status: 'succeeded', pieces: { total: 3, done: 3, failed: 0 } });
    expect(campaignPageReads(world)).toEqual([
      'first@5000',
      'o5000@5000',
      'o5000@2500',
      'o5000@1250',
      'o5000@625',
      'o5625@625',
      'o6250@625',
      'o6875@625',
      'o7500@625',
    ]);
    expect(job).toMatchObject({ rows: 7700, written: 7700 });
    expectStoredEqualsTruth(world);
  });

  it('reads a sync read again from its first page when Meta refuses its cursor, counting each row once', async () => {
    const world = await insightsWorld();
    const days = daysOf('2026-11-25', TODAY);
    world.meta.truth = campaignRows(days, 1100);
    let expired = 1;
    world.meta.failIf = (op, q, after) =>
      op === 'readPage' && q.level === 'campaign' && after && expired-- > 0 ? invalidCursor() : undefined;
    const job = await refreshed(world, days[0] ?? '', TODAY);
    expect(job).toMatchObject({ status: 'succeeded', rows: 7700, written: 7700, errors: [] });
    expect(campaignPageReads(world)).toEqual(['first@5000', 'o5000@5000', 'first@5000', 'o5000@5000']);
    expectStoredEqualsTruth(world);
  });

  it("reads a report run's pages again from the first when its cursor expired, keeping the run", async () => {
    const world = await insightsWorld();
    world.meta.truth = campaignRows(MONTH, 200); // 5 600 rows: two report pages
    let expired = 1;
    world.meta.failIf = (op, _q, after) =>
      op === 'readReportPage' && after && expired-- > 0 ? invalidCursor() : undefined;
    const job = await refreshed(world, MONTH[0] ?? '', TODAY);
    expect(job).toMatchObject({ status: 'succeeded', rows: 5600, written: 5600 });
    expect(world.meta.count('startReport')).toBe(3);
    expect(campaignPageReads(world, 'readReportPage')).toEqual([
      'first@5000',
      'o5000@5000',
      'first@5000',
      'o5000@5000',
    ]);
    expectStoredEqualsTruth(world);
  });

  it('splits the range when Meta keeps refusing its cursor after two restarts; the halves page through', async () => {
    const world = await insightsWorld();
    const days = daysOf('2026-11-25', TODAY);
    world.meta.truth = campaignRows(days, 1100);
    // Every page read with a cursor is refused; the halves (≤ 4 400 rows) fit in one page each.
    world.meta.failIf = (op, q, after) =>
      op === 'readPage' && q.level === 'campaign' && after ? invalidCursor() : undefined;
    const job = await refreshed(world, days[0] ?? '', TODAY);
    expect(job).toMatchObject({ status: 'succeeded', pieces: { total: 4, done: 4, failed: 0 } });
    // Three starts of the whole week (the first and two restarts), then one page per half.
    expect(campaignPageReads(world)).toHaveLength(8);
    // The split piece's rows count once, through its halves.
    expect(job).toMatchObject({ rows: 7700, written: 7700 });
    expectStoredEqualsTruth(world);
  });

  it('counts each row once when a piece is split after a partial read', async () => {
    const world = await insightsWorld();
    const days = daysOf('2026-11-25', TODAY);
    world.meta.truth = campaignRows(days, 1100);
    // The week's second page is too large at any size; its halves fit in one page each.
    world.meta.failIf = (op, q, after) =>
      op === 'readPage' && q.level === 'campaign' && after ? tooLarge() : undefined;
    const job = await refreshed(world, days[0] ?? '', TODAY);
    expect(job).toMatchObject({ status: 'succeeded', pieces: { total: 4, done: 4, failed: 0 } });
    expect(job).toMatchObject({ rows: 7700, written: 7700 });
    expectStoredEqualsTruth(world);
  });

  it('counts each row once when a fresh report run replaces a partial sync read of a day', async () => {
    const world = await insightsWorld();
    world.meta.truth = campaignRows([TODAY], 6000);
    world.meta.failIf = (op, q, after) =>
      op === 'readPage' && q.level === 'campaign' && after ? tooLarge() : undefined;
    const job = await refreshed(world, TODAY, TODAY);
    expect(job).toMatchObject({ status: 'succeeded', rows: 6000, written: 6000 });
    expect(world.meta.count('startReport')).toBe(1);
    expectStoredEqualsTruth(world);
  });

  it("defers an Insights throttle by Meta's wait without using an attempt, then goes on", async () => {
    const world = await insightsWorld();
    world.meta.truth = truthOf(daysOf('2026-11-30', TODAY));
    // More throttles on the campaign piece than it has attempts: waits do not use them.
    let throttles = 6;
    world.meta.failIf = (_op, q) =>
      q.level === 'campaign' && throttles-- > 0
        ? new MetaThrottledError('too many calls', info, 600)
        : undefined;
    const started = world.clock.nowMs;
    const job = await refreshed(world, '2026-11-30', TODAY);
    expect(job.status).toBe('succeeded');
    expect(world.meta.calls.filter((c) => c.query?.level === 'campaign')).toHaveLength(7);
    expect(world.clock.nowMs - started).toBeGreaterThanOrEqual(6 * 600_000);
    expectStoredEqualsTruth(world);
  });

  it('backs off an outage and fails the piece when it outlasts the attempts', async () => {
    const world = await insightsWorld();
    world.meta.truth = truthOf(daysOf('2026-11-30', TODAY));
    let outages = 3;
    world.meta.failIf = (_op, q) =>
      q.level === 'campaign' && outages-- > 0 ? new MetaTransientError('down', info, 1) : undefined;
    const started = world.clock.nowMs;
    expect((await refreshed(world, '2026-11-30', TODAY)).status).toBe('succeeded');
    // 5 s, 10 s, 20 s.
    expect(world.clock.nowMs - started).toBeGreaterThanOrEqual(35_000);

    const worse = await insightsWorld();
    worse.meta.truth = truthOf(daysOf('2026-11-30', TODAY));
    worse.meta.failIf = (_op, q) =>
      q.level === 'campaign' ? new MetaTransientError('Meta is down', info, 1) : undefined;
    const job = await refreshed(worse, '2026-11-30', TODAY);
    expect(job).toMatchObject({ status: 'failed', pieces: { total: 3, done: 2, failed: 1 } });
    expect(job.errors).toEqual([{ code: 'meta_unavailable', message: 'Meta is down' }]);
  });

  it('falls over to the next token that reaches the ad account; with none left the job says to reconnect', async () => {
    const world = await insightsWorld({ tokens: [LOGIN_TOKEN, 'tok_system'] });
    world.meta.truth = truthOf(daysOf('2026-11-30', TODAY));
    world.meta.deadTokens.add(LOGIN_TOKEN);
    expect((await refreshed(world, '2026-11-30', TODAY)).status).toBe('succeeded');
    expect(world.meta.calls.some((c) => c.tokenId === 'tok_system')).toBe(true);

    const dead = await insightsWorld();
    dead.meta.truth = truthOf(daysOf('2026-11-30', TODAY));
    dead.meta.deadTokens.add(LOGIN_TOKEN);
    const job = await refreshed(dead, '2026-11-30', TODAY);
    expect(job).toMatchObject({ status: 'failed', pieces: { total: 3, done: 0, failed: 3 } });
    expect(
      job.errors.every((e) => e.code === 'meta_token_invalid' && e.message.includes('reconnect Meta')),
    ).toBe(true);
  });

  it("continues from Meta's cursor in a fresh invocation when the Lambda's time runs short", async () => {
    const world = await insightsWorld();
    const days = daysOf('2026-11-30', TODAY);
    world.meta.truth = Array.from({ length: 6000 }, (_, i) => ({
      level: 'campaign' as const,
      entityId: String(i + 1),
      campaignId: String(i + 1),
      date: days[i % 2] ?? TODAY,
      spend: '1.00',
      impressions: 1,
      clicks: 0,
      conversions: 0,
      conversionValue: '0',
      currency: 'USD',
    }));
    // Plenty of time until the first campaign page is stored, then too little once.
    let short = false;
    world.meta.failNext.length = 0;
    const readPage = world.meta.readPage.bind(world.meta);
    world.meta.readPage = async (call, query, page) => {
      const answer = await readPage(call, query, page);
      if (query.level === 'campaign' && !page.after) short = true;
      return answer;
    };
    world.remainingMs = () => {
      if (!short) return 120_000;
      short = false;
      return 5_000;
    };
    const job = await refreshed(world, '2026-11-30', TODAY);
    expect(job.status).toBe('succeeded');
    expect(job.rows).toBe(6000);
    const campaignReads = world.meta.calls.filter(
      (c) => c.op === 'readPage' && c.query?.level === 'campaign',
    );
    expect(campaignReads.map((c) => c.after)).toEqual([undefined, 'o5000']);
    expectStoredEqualsTruth(world);
  });

  it('counts a redelivered piece once', async () => {
    const world = await insightsWorld();
    world.meta.truth = truthOf(daysOf('2026-11-30', TODAY));
    await refreshInsights(world.deps, WORKSPACE, { from: '2026-11-30', to: TODAY });
    world.queue.push(...world.queue.map((q) => structuredClone(q)));
    await drain(world);
    const job = await world.jobs.get(WORKSPACE, 'inj_000000000000000000000000');
    expect(job).toMatchObject({
      status: 'succeeded',
      pieces: { total: 3, done: 3, failed: 0 },
      rows: world.meta.truth.length,
    });
  });

  it('abandons the job when Meta was disconnected since it started, asking Meta nothing more', async () => {
    const world = await insightsWorld();
    world.meta.truth = truthOf(daysOf('2026-11-30', TODAY));
    const { jobId } = await refreshInsights(world.deps, WORKSPACE, { from: '2026-11-30', to: TODAY });
    const connection = await world.connections.get(WORKSPACE);
    await world.connections.put({ ...connection, status: 'disconnected', generation: 2 });
    await drain(world);
    expect(world.meta.calls).toEqual([]);
    expect(await world.jobs.get(WORKSPACE, jobId)).toMatchObject({
      status: 'failed',
      errors: [{ code: 'disconnected', message: expect.any(String) }],
    });
  });

  it('lets the queue redeliver a failure that is not Meta’s', async () => {
    const world = await insightsWorld();
    world.meta.truth = truthOf(daysOf('2026-11-30', TODAY));
    world.meta.failNext.push(new Error('DynamoDB is down'));
    await refreshInsights(world.deps, WORKSPACE, { from: '2026-11-30', to: TODAY });
    await expect(drain(world)).rejects.toThrow('DynamoDB is down');
  });
});
