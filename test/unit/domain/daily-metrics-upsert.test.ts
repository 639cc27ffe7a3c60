import type { DailyMetricRow } from '../../../shared/domain/daily-metrics';
import { byDateThenEntity } from '../../../shared/domain/daily-metrics-order';
import { planMetricsUpsert } from '../../../shared/domain/daily-metrics-upsert';

const NOW = '2026-12-01T10:00:00.000Z';

function row(entityId: string, date: string, overrides: Partial<DailyMetricRow> = {}): DailyMetricRow {
  return {
    workspaceId: 'ws-1',
    adAccountId: 'act_1',
    level: 'ad',
    entityId,
    campaignId: '1',
    adSetId: '2',
    date,
    spend: '5.00',
    impressions: 100,
    clicks: 3,
    conversions: 1,
    conversionValue: '9.99',
    currency: 'EUR',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('planMetricsUpsert', () => {
  it('writes new rows stamped now and skips rows equal to the stored ones', () => {
    const stored = row('10', '2026-11-01');
    const fresh = row('11', '2026-11-01');
    const plan = planMetricsUpsert(
      [{ ...stored, updatedAt: 'whatever' }, fresh],
      (r) => (r.entityId === '10' ? stored : undefined),
      NOW,
    );
    expect(plan).toEqual({ write: [{ ...fresh, updatedAt: NOW }], unchanged: 1 });
  });

  it('rewrites a row whose entity was renamed, metrics equal; a re-pull of the same name writes nothing', () => {
    const stored = row('10', '2026-11-01', { entityName: 'Spring sale' });
    const renamed = { ...stored, entityName: 'Summer sale' };
    expect(planMetricsUpsert([renamed], () => stored, NOW)).toEqual({
      write: [{ ...renamed, updatedAt: NOW }],
      unchanged: 0,
    });
    const named = planMetricsUpsert(
      [{ ...row('10', '2026-11-01'), entityName: 'First name' }],
      () => row('10', '2026-11-01'),
      NOW,
    );
    expect(named.write).toHaveLength(1);
    expect(planMetricsUpsert([{ ...stored, updatedAt: 'later' }], () => stored, NOW)).toEqual({
      write: [],
      unchanged: 1,
    });
    // A reading without a name says nothing about it: the stored name stays.
    const { entityName: _name, ...nameless } = stored;
    expect(planMetricsUpsert([nameless], () => stored, NOW)).toEqual({ write: [], unchanged: 1 });
  });

  it.each([
    ['spend', { spend: '5.01' }],
    ['impressions', { impressions: 101 }],
    ['clicks', { clicks: 4 }],
    ['conversions (a restatement)', { conversions: 2 }],
    ['conversionValue', { conversionValue: '10.00' }],
    ['currency', { currency: 'USD' }],
  ])('rewrites a row whose %s changed', (_field, change) => {
    const stored = row('10', '2026-11-01');
    const plan = planMetricsUpsert([{ ...stored, ...change }], () => stored, NOW);
    expect(plan).toEqual({ write: [{ ...stored, ...change, updatedAt: NOW }], unchanged: 0 });
  });

  it('keeps one row per key, the last reading (a batch may not name a key twice)', () => {
    const plan = planMetricsUpsert(
      [row('10', '2026-11-01', { spend: '1.00' }), row('10', '2026-11-01', { spend: '2.00' })],
      () => undefined,
      NOW,
    );
    expect(plan.write.map((r) => r.spend)).toEqual(['2.00']);
  });

  it('treats the same entity-day of two workspaces as two rows', () => {
    const plan = planMetricsUpsert(
      [row('10', '2026-11-01'), row('10', '2026-11-01', { workspaceId: 'ws-2' })],
      () => undefined,
      NOW,
    );
    expect(plan.write).toHaveLength(2);
  });
});

describe('byDateThenEntity', () => {
  it("orders as the store's sort key does: date, then entity id as a string", () => {
    const rows = [
      row('8', '2026-11-02'),
      row('70', '2026-11-01'),
      row('8', '2026-11-01'),
      row('7', '2026-11-01'),
    ];
    expect([...rows].sort(byDateThenEntity).map((r) => `${r.date}/${r.entityId}`)).toEqual([
      '2026-11-01/7',
      '2026-11-01/70',
      '2026-11-01/8',
      '2026-11-02/8',
    ]);
  });
});
