import type { Asset } from '../../../shared/domain/asset-record';
import type { Connection } from '../../../shared/domain/connection';
import type { DailyMetricRow } from '../../../shared/domain/daily-metrics';
import { checkDayRange } from '../../../shared/domain/insights-day-range';
import { type InsightsReadDeps, listInsights } from '../../../shared/insights/list-insights';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/platform/errors';
import { InMemoryDailyMetricsStore } from '../../../shared/store/memory/daily-metrics-store';

function connection(adAccountId?: string): Connection {
  return {
    workspaceId: 'ws-1',
    status: 'connected',
    generation: 1,
    revision: 1,
    scopes: [],
    declinedScopes: [],
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...(adAccountId ? { adAccountId } : {}),
  };
}

function adAccount(id: string, status: Asset['status'] = 'active'): Asset {
  return {
    workspaceId: 'ws-1',
    type: 'ad-accounts',
    id,
    name: id,
    ownership: 'owned',
    tokenIds: ['t1'],
    currency: 'USD',
    timezone: 'America/New_York',
    status,
  } as Asset;
}

function row(entityId: string, date: string, adAccountId = 'act_1'): DailyMetricRow {
  return {
    workspaceId: 'ws-1',
    adAccountId,
    level: 'campaign',
    entityId,
    campaignId: entityId,
    date,
    spend: '3.10',
    impressions: 10,
    clicks: 1,
    conversions: 0,
    conversionValue: '0',
    currency: 'USD',
    updatedAt: 'x',
  };
}

async function world(picked?: string, accounts: Asset[] = [adAccount('act_1'), adAccount('act_2')]) {
  const metrics = new InMemoryDailyMetricsStore();
  await metrics.upsert(
    [row('1', '2026-11-01'), row('2', '2026-11-01'), row('1', '2026-11-01', 'act_2')],
    'now',
  );
  const deps: InsightsReadDeps = {
    connections: { get: async () => connection(picked) },
    assets: { get: async (_ws, _type, id) => accounts.find((a) => a.id === id) },
    metrics,
  };
  return deps;
}

const query = (overrides: Record<string, unknown> = {}) => ({
  from: '2026-11-01',
  to: '2026-11-01',
  level: 'campaign' as const,
  limit: 50,
  ...overrides,
});

describe('listInsights', () => {
  it('reads the picked ad account by default, without the workspace id in the rows', async () => {
    const page = await listInsights(await world('act_1'), 'ws-1', query());
    expect(page.items.map((r) => [r.adAccountId, r.entityId])).toEqual([
      ['act_1', '1'],
      ['act_1', '2'],
    ]);
    expect(page.items[0]).not.toHaveProperty('workspaceId');
  });

  it('reads a named ad account of the workspace, only the entities asked for', async () => {
    const page = await listInsights(
      await world('act_1'),
      'ws-1',
      query({ adAccountId: 'act_2', entityIds: '1,1' }),
    );
    expect(page.items.map((r) => [r.adAccountId, r.entityId])).toEqual([['act_2', '1']]);
  });

  it('refuses with none picked (409), a foreign or removed ad account (404)', async () => {
    await expect(listInsights(await world(), 'ws-1', query())).rejects.toMatchObject({
      code: 'no_ad_account',
    });
    await expect(listInsights(await world(), 'ws-1', query())).rejects.toBeInstanceOf(ConflictError);
    await expect(
      listInsights(await world('act_1'), 'ws-1', query({ adAccountId: 'act_9' })),
    ).rejects.toBeInstanceOf(NotFoundError);
    const removed = await world('act_1', [adAccount('act_1', 'removed')]);
    await expect(listInsights(removed, 'ws-1', query())).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses more than 100 entity ids, naming the field', async () => {
    const entityIds = Array.from({ length: 101 }, (_, i) => String(i + 1)).join(',');
    await expect(listInsights(await world('act_1'), 'ws-1', query({ entityIds }))).rejects.toMatchObject({
      details: [{ in: 'query', path: 'entityIds', message: 'must name at most 100 ids' }],
    });
  });
});

describe('checkDayRange', () => {
  it('accepts real days with from ≤ to', () => {
    expect(() => checkDayRange({ from: '2024-02-29', to: '2024-02-29' }, 'query')).not.toThrow();
  });

  it.each([
    [
      { from: '2026-02-29', to: '2026-03-01' },
      [{ in: 'query', path: 'from', message: 'must be a real calendar day' }],
    ],
    [
      { from: '2026-03-01', to: '2026-13-01' },
      [{ in: 'query', path: 'to', message: 'must be a real calendar day' }],
    ],
    [
      { from: '2026-04-31', to: '2026-02-30' },
      [
        { in: 'query', path: 'from', message: 'must be a real calendar day' },
        { in: 'query', path: 'to', message: 'must be a real calendar day' },
      ],
    ],
    [
      { from: '2026-03-02', to: '2026-03-01' },
      [{ in: 'query', path: 'from', message: 'must not be after to' }],
    ],
  ])('refuses %j naming the field', (range, details) => {
    let thrown: unknown;
    try {
      checkDayRange(range, 'query');
    } catch (err: unknown) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect(thrown).toMatchObject({ details });
  });
});
