import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../../infra/resources';
import type { DailyMetricRow } from '../../../shared/domain/daily-metrics';
import { DynamoDailyMetricsStore } from '../../../shared/store/dynamodb/daily-metrics-store';
import { type CampaignWorld, connectedWorkspace } from '../campaigns/campaign-fixture';
import { api } from '../support/runtime';

/**
 * The dashboard reads its numbers: daily rows the pull left in ua_daily_metrics, for the
 * picked ad account by default, in pages, one campaign for a chart; foreign accounts 404.
 */
describe('GET /insights', () => {
  let world: CampaignWorld;
  let row: (entityId: string, date: string, overrides?: Partial<DailyMetricRow>) => DailyMetricRow;

  beforeAll(async () => {
    world = await connectedWorkspace({ workspaceId: 'insights-reader' });
    row = (entityId, date, overrides = {}) => ({
      workspaceId: 'insights-reader',
      adAccountId: world.adAccountId,
      level: 'campaign',
      entityId,
      campaignId: entityId,
      entityName: `Campaign ${entityId}`,
      date,
      spend: '12.34',
      impressions: 1200,
      clicks: 31,
      conversions: 3,
      conversionValue: '89.70',
      currency: world.currency,
      updatedAt: 'set by the store',
      ...overrides,
    });
    const store = new DynamoDailyMetricsStore({
      client: DynamoDBDocumentClient.from(world.rt.dynamo),
      tableName: world.rt.env[tables.dailyMetrics.envVar] ?? '',
    });
    await store.upsert(
      [
        row('111', '2026-11-01'),
        row('222', '2026-11-01', { spend: '0.99' }),
        row('111', '2026-11-02', { spend: '20.00' }),
        row('222', '2026-11-02'),
        row('111', '2026-11-03'),
        row('333', '2026-11-02', { level: 'adset', campaignId: '111', adSetId: '333' }),
        row('111', '2026-11-02', { workspaceId: 'someone-else', spend: '999.00' }),
      ],
      '2026-11-04T06:00:00.000Z',
    );
  }, 90_000);

  afterAll(async () => {
    await world?.rt.stop();
  });

  const get = (query: string, token = world.user) => api(world.rt, 'GET', `/insights?${query}`, { token });

  it("lists the picked ad account's campaign rows of the range, in pages, by date then campaign", async () => {
    const first = await get('from=2026-11-01&to=2026-11-02&limit=3');
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      {
        date: '2026-11-01',
        adAccountId: world.adAccountId,
        level: 'campaign',
        entityId: '111',
        entityName: 'Campaign 111',
        campaignId: '111',
        spend: '12.34',
        impressions: 1200,
        clicks: 31,
        conversions: 3,
        conversionValue: '89.70',
        currency: world.currency,
        updatedAt: '2026-11-04T06:00:00.000Z',
      },
      expect.objectContaining({ date: '2026-11-01', entityId: '222', spend: '0.99' }),
      expect.objectContaining({ date: '2026-11-02', entityId: '111', spend: '20.00' }),
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(`from=2026-11-01&to=2026-11-02&limit=3&cursor=${first.body.nextCursor}`);
    expect(second.status).toBe(200);
    expect(second.body.items.map((r: DailyMetricRow) => `${r.date}/${r.entityId}`)).toEqual([
      '2026-11-02/222',
    ]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('filters on entityIds (one campaign for a chart) and reads another level', async () => {
    const chart = await get(`from=2026-11-01&to=2026-11-30&entityIds=111&adAccountId=${world.adAccountId}`);
    expect(chart.status).toBe(200);
    expect(chart.body.items.map((r: DailyMetricRow) => [r.date, r.spend])).toEqual([
      ['2026-11-01', '12.34'],
      ['2026-11-02', '20.00'],
      ['2026-11-03', '12.34'],
    ]);
    const adSets = await get('from=2026-11-01&to=2026-11-30&level=adset');
    expect(adSets.body.items).toEqual([
      expect.objectContaining({ level: 'adset', entityId: '333', campaignId: '111', adSetId: '333' }),
    ]);
    // An agent of the workspace reads them too.
    expect((await get('from=2026-11-01&to=2026-11-01', world.agent)).body.items).toHaveLength(2);
  });

  it('answers 400 naming the field for a day that does not exist or from after to', async () => {
    const notADay = await get('from=2026-02-30&to=2026-03-01');
    expect(notADay.status).toBe(400);
    expect(notADay.body.error.details).toEqual([
      { in: 'query', path: 'from', message: 'must be a real calendar day' },
    ]);
    const backwards = await get('from=2026-11-05&to=2026-11-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details).toEqual([
      { in: 'query', path: 'from', message: 'must not be after to' },
    ]);
    const shape = await get('from=yesterday&to=2026-11-01');
    expect(shape.status).toBe(400);
    expect(JSON.stringify(shape.body.error.details)).toContain('from');
    const tooMany = await get(
      `from=2026-11-01&to=2026-11-02&entityIds=${Array.from({ length: 101 }, (_, i) => i + 1).join(',')}`,
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details).toEqual([
      { in: 'query', path: 'entityIds', message: 'must name at most 100 ids' },
    ]);
    expect((await get('from=2026-11-01&to=2026-11-02&cursor=not-a-cursor')).status).toBe(400);
  });

  it('answers 404 for an ad account not among the workspace’s, 409 no_ad_account with none picked', async () => {
    const foreign = await get('from=2026-11-01&to=2026-11-02&adAccountId=act_999999999');
    expect(foreign.status).toBe(404);
    const stranger = world.rt.token({ workspace_id: 'someone-else', sub: 'someone' });
    const unpicked = await get('from=2026-11-01&to=2026-11-02', stranger);
    expect(unpicked.status).toBe(409);
    expect(unpicked.body.error.code).toBe('no_ad_account');
    // The other workspace's row under the same ad account stays its own.
    const theirs = await get(`from=2026-11-01&to=2026-11-02&adAccountId=${world.adAccountId}`, stranger);
    expect(theirs.status).toBe(404);
  });
});
