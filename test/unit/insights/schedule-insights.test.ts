import { scheduleInsightsPulls } from '../../../shared/insights/schedule-insights';
import { AD_ACCOUNT, drain, insightsWorld, truthOf, WORKSPACE } from '../../support/insights-world';

describe('the Insights schedules', () => {
  it('fan out one plan per connected workspace with a picked ad account', async () => {
    const world = await insightsWorld();
    await world.connections.put({
      ...(await world.connections.get('ws_nopick')),
      status: 'connected',
      generation: 1,
    });
    expect(await scheduleInsightsPulls(world.deps, 'hourly')).toEqual({ planned: 1, skipped: 1 });
    expect(world.queue.map((q) => q.message)).toEqual([
      {
        kind: 'plan',
        workspaceId: WORKSPACE,
        adAccountId: AD_ACCOUNT,
        jobId: expect.stringMatching(/^inj_/),
        trigger: 'hourly',
      },
    ]);
  });

  it.each([
    ['America/Los_Angeles', '2026-12-01T03:00:00Z', '2026-11-29', '2026-11-30'],
    ['Asia/Tokyo', '2026-12-01T22:00:00Z', '2026-12-01', '2026-12-02'],
  ])('pull yesterday and today in %s every hour, synchronously', async (timezone, nowIso, from, to) => {
    const world = await insightsWorld({ timezone, nowIso });
    world.meta.truth = truthOf([from, to]);
    await scheduleInsightsPulls(world.deps, 'hourly');
    await drain(world);
    const [job] = await Promise.all([world.jobs.get(WORKSPACE, 'inj_000000000000000000000000')]);
    expect(job).toMatchObject({ status: 'succeeded', trigger: 'hourly', from, to, rows: 12 });
    expect(world.meta.count('startReport')).toBe(0);
    expect(world.meta.calls.every((c) => c.query?.since === from && c.query.until === to)).toBe(true);
  });

  it('pull the 28-day lookback, today included, once a day', async () => {
    const world = await insightsWorld();
    await scheduleInsightsPulls(world.deps, 'daily');
    await drain(world);
    expect(await world.jobs.get(WORKSPACE, 'inj_000000000000000000000000')).toMatchObject({
      status: 'succeeded',
      trigger: 'daily',
      from: '2026-11-04',
      to: '2026-12-01',
      pieces: { total: 3, done: 3, failed: 0 },
    });
  });

  it('make one job of a redelivered plan', async () => {
    const world = await insightsWorld();
    world.meta.truth = truthOf(['2026-11-30', '2026-12-01']);
    await scheduleInsightsPulls(world.deps, 'hourly');
    world.queue.push(...world.queue.map((q) => structuredClone(q)));
    await drain(world);
    expect(await world.jobs.get(WORKSPACE, 'inj_000000000000000000000000')).toMatchObject({
      status: 'succeeded',
      pieces: { total: 3, done: 3, failed: 0 },
      rows: 12,
    });
    expect(await world.jobs.get(WORKSPACE, 'inj_000000000000000000000001')).toBeUndefined();
  });

  it('skip a workspace disconnected since the fan-out', async () => {
    const world = await insightsWorld();
    await scheduleInsightsPulls(world.deps, 'hourly');
    const connection = await world.connections.get(WORKSPACE);
    await world.connections.put({ ...connection, status: 'disconnected', generation: 2 });
    await drain(world);
    expect(await world.jobs.get(WORKSPACE, 'inj_000000000000000000000000')).toBeUndefined();
  });
});
