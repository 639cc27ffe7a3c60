import type { DailyMetricRow } from '../../../../shared/domain/daily-metrics';
import { ValidationError } from '../../../../shared/platform/errors';
import { InMemoryDailyMetricsStore } from '../../../../shared/store/memory/daily-metrics-store';

const NOW = '2026-12-01T10:00:00.000Z';
const LATER = '2026-12-01T11:00:00.000Z';

function row(entityId: string, date: string, overrides: Partial<DailyMetricRow> = {}): DailyMetricRow {
  return {
    workspaceId: 'ws-1',
    adAccountId: 'act_1',
    level: 'campaign',
    entityId,
    campaignId: entityId,
    date,
    spend: '1.50',
    impressions: 10,
    clicks: 1,
    conversions: 0,
    conversionValue: '0',
    currency: 'USD',
    updatedAt: 'ignored',
    ...overrides,
  };
}

const range = (from: string, to: string, overrides: Record<string, string> = {}) => ({
  workspaceId: 'ws-1',
  adAccountId: 'act_1',
  level: 'campaign' as const,
  from,
  to,
  ...overrides,
});

describe('InMemoryDailyMetricsStore', () => {
  it('upserts: new rows written, equal ones skipped, changed ones overwritten (never added)', async () => {
    const store = new InMemoryDailyMetricsStore();
    const rows = [row('1', '2026-11-01'), row('2', '2026-11-01')];
    expect(await store.upsert(rows, NOW)).toEqual({ written: 2, unchanged: 0 });
    expect(await store.upsert(rows, LATER)).toEqual({ written: 0, unchanged: 2 });
    expect(await store.upsert([{ ...(rows[0] as DailyMetricRow), spend: '2.50' }], LATER)).toEqual({
      written: 1,
      unchanged: 0,
    });
    expect(store.all.map((r) => [r.entityId, r.spend, r.updatedAt])).toEqual([
      ['1', '2.50', LATER],
      ['2', '1.50', NOW],
    ]);
    expect(store.writes.map((w) => w.length)).toEqual([2, 0, 1]);
  });

  it('lists the range of one workspace, ad account and level in pages, by date then entity', async () => {
    const store = new InMemoryDailyMetricsStore();
    await store.upsert(
      [
        row('9', '2026-11-02'),
        row('10', '2026-11-01'),
        row('9', '2026-11-01'),
        row('9', '2026-10-31'),
        row('9', '2026-11-01', { workspaceId: 'ws-2' }),
        row('9', '2026-11-01', { adAccountId: 'act_2' }),
        row('9', '2026-11-01', { level: 'ad' }),
      ],
      NOW,
    );
    const first = await store.list(range('2026-11-01', '2026-11-02'), { limit: 2 });
    expect(first.items.map((r) => `${r.date}/${r.entityId}`)).toEqual(['2026-11-01/10', '2026-11-01/9']);
    const second = await store.list(range('2026-11-01', '2026-11-02'), {
      limit: 2,
      cursor: first.nextCursor ?? '',
    });
    expect(second.items.map((r) => `${r.date}/${r.entityId}`)).toEqual(['2026-11-02/9']);
    expect(second.nextCursor).toBeUndefined();
    const nines = await store.list(range('2026-10-01', '2026-11-30'), { limit: 10, entityIds: ['9'] });
    expect(nines.items.map((r) => r.date)).toEqual(['2026-10-31', '2026-11-01', '2026-11-02']);
    await expect(
      store.list(range('2026-11-01', '2026-11-02'), { limit: 2, cursor: 'x' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('rowsOf reads every row of the entities in the range', async () => {
    const store = new InMemoryDailyMetricsStore();
    await store.upsert([row('1', '2026-11-01'), row('2', '2026-11-01'), row('1', '2026-11-03')], NOW);
    const found = await store.rowsOf(range('2026-11-01', '2026-11-02'), ['1', '3']);
    expect(found.map((r) => `${r.date}/${r.entityId}`)).toEqual(['2026-11-01/1']);
    expect(await store.rowsOf(range('2026-11-01', '2026-11-30'), [])).toEqual([]);
  });
});
