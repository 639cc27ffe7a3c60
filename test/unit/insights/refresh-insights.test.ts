import { insightsJobView } from '../../../shared/insights/insights-job-view';
import { refreshInsights, refreshInsightsOnce } from '../../../shared/insights/refresh-insights';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/platform/errors';
import { InMemoryIdempotencyStore } from '../../../shared/store/memory/idempotency-store';
import { AD_ACCOUNT, insightsWorld, WORKSPACE } from '../../support/insights-world';

describe('refreshInsights', () => {
  it('starts a job over the picked ad account and queues its pieces', async () => {
    const world = await insightsWorld();
    const { jobId } = await refreshInsights(world.deps, WORKSPACE, { from: '2026-10-01', to: '2026-11-30' });
    expect(jobId).toMatch(/^inj_[0-9a-f]{24}$/);
    expect(await insightsJobView(world.deps, WORKSPACE, jobId)).toMatchObject({
      jobId,
      status: 'running',
      adAccountId: AD_ACCOUNT,
      from: '2026-10-01',
      to: '2026-11-30',
      trigger: 'manual',
      progress: { total: 6, done: 0, failed: 0 },
      errors: [],
    });
    expect(
      world.queue.map((q) => q.message.kind === 'piece' && `${q.message.piece.pieceId}:${q.message.mode}`),
    ).toEqual([
      'campaign_2026-10-01_2026-10-31:async',
      'campaign_2026-11-01_2026-11-30:async',
      'adset_2026-10-01_2026-10-31:async',
      'adset_2026-11-01_2026-11-30:async',
      'ad_2026-10-01_2026-10-31:async',
      'ad_2026-11-01_2026-11-30:async',
    ]);
  });

  it("takes today in the ad account's zone: east of UTC the next day is already allowed", async () => {
    // 22:00 UTC is 07:00 the next morning in Tokyo.
    const east = await insightsWorld({ timezone: 'Asia/Tokyo', nowIso: '2026-12-01T22:00:00Z' });
    await expect(
      refreshInsights(east.deps, WORKSPACE, { from: '2026-12-02', to: '2026-12-02' }),
    ).resolves.toBeDefined();
    const west = await insightsWorld({ timezone: 'America/Los_Angeles', nowIso: '2026-12-02T03:00:00Z' });
    await expect(
      refreshInsights(west.deps, WORKSPACE, { from: '2026-12-02', to: '2026-12-02' }),
    ).rejects.toMatchObject({
      details: [{ in: 'body', path: 'to', message: expect.stringContaining('2026-12-01') }],
    });
  });

  it.each([
    ['2026-11-30', '2026-11-01', 'from'],
    ['2026-11-01', '2026-12-02', 'to'],
    ['2023-10-31', '2026-11-01', 'from'],
    ['2026-02-29', '2026-11-01', 'from'],
  ])('refuses %s..%s with a 400 naming %s', async (from, to, field) => {
    const world = await insightsWorld();
    const refused = refreshInsights(world.deps, WORKSPACE, { from, to });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ details: [{ path: field }] });
    expect(world.queue).toEqual([]);
  });

  it('answers 404 for an ad account the workspace has not synced, or lost', async () => {
    const world = await insightsWorld();
    await expect(
      refreshInsights(world.deps, WORKSPACE, {
        adAccountId: 'act_999',
        from: '2026-11-01',
        to: '2026-11-02',
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const account = world.assets.get(AD_ACCOUNT);
    if (account) world.assets.set(AD_ACCOUNT, { ...account, status: 'removed' });
    await expect(
      refreshInsights(world.deps, WORKSPACE, { from: '2026-11-01', to: '2026-11-02' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers 409 not_connected for a disconnected workspace', async () => {
    const world = await insightsWorld();
    const refused = refreshInsights(world.deps, 'ws_other', { from: '2026-11-01', to: '2026-11-02' });
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({ code: 'not_connected' });
  });

  it("answers 404 for another workspace's job", async () => {
    const world = await insightsWorld();
    const { jobId } = await refreshInsights(world.deps, WORKSPACE, { from: '2026-11-01', to: '2026-11-02' });
    await expect(insightsJobView(world.deps, 'ws_other', jobId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('leaves no running job behind when its pieces cannot be queued', async () => {
    const world = await insightsWorld();
    world.deps.queue.sendAll = async () => {
      throw new Error('SQS is down');
    };
    await expect(
      refreshInsights(world.deps, WORKSPACE, { from: '2026-11-01', to: '2026-11-02' }),
    ).rejects.toThrow('SQS is down');
    expect(await world.jobs.get(WORKSPACE, 'inj_000000000000000000000000')).toMatchObject({
      status: 'failed',
      errors: [{ code: 'not_queued', message: expect.any(String) }],
    });
  });
});

describe('refreshInsightsOnce', () => {
  const input = { from: '2026-11-01', to: '2026-11-30' };

  it('answers a repeat under the same key with the first job, marked as a replay', async () => {
    const world = await insightsWorld();
    const deps = { ...world.deps, idempotency: new InMemoryIdempotencyStore() };
    const first = await refreshInsightsOnce(deps, WORKSPACE, input, { idempotencyKey: 'k1' });
    const again = await refreshInsightsOnce(deps, WORKSPACE, input, { idempotencyKey: 'k1' });
    expect(first.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers?.['idempotent-replayed']).toBe('true');
    const other = await refreshInsightsOnce(deps, WORKSPACE, input, { idempotencyKey: 'k2' });
    expect(other.body).not.toEqual(first.body);
  });

  it('finds the job it made when its answer could not be stored, instead of starting another', async () => {
    const world = await insightsWorld();
    const idempotency = new InMemoryIdempotencyStore();
    const complete = idempotency.complete.bind(idempotency);
    let fails = 1;
    idempotency.complete = async (...args) => {
      if (fails-- > 0) throw new Error('DynamoDB is unavailable');
      return complete(...args);
    };
    const deps = { ...world.deps, idempotency };
    await expect(refreshInsightsOnce(deps, WORKSPACE, input, { idempotencyKey: 'k1' })).rejects.toThrow();
    const retried = await refreshInsightsOnce(deps, WORKSPACE, input, { idempotencyKey: 'k1' });
    const { jobId } = retried.body as { jobId: string };
    const job = await world.jobs.get(WORKSPACE, jobId);
    expect(job?.createdAt).toBeDefined();
    // One job in all: the retry's id is the first attempt's.
    expect(new Set(world.queue.map((q) => q.message.kind === 'piece' && q.message.jobId))).toEqual(
      new Set([jobId]),
    );
  });
});
