import type { DailyMetricRow } from '../../../shared/domain/daily-metrics';
import type { ExperimentCell } from '../../../shared/domain/experiment';
import { cellResults, resultDays } from '../../../shared/domain/experiment-results';
import { majorDecimalFromMinor } from '../../../shared/domain/money';
import { UnprocessableError } from '../../../shared/platform/errors';

function row(entityId: string, date: string, metrics: Partial<DailyMetricRow>): DailyMetricRow {
  return {
    workspaceId: 'ws-1',
    adAccountId: 'act_1',
    level: 'adset',
    entityId,
    campaignId: '9',
    date,
    spend: '0.00',
    impressions: 0,
    clicks: 0,
    conversions: 0,
    conversionValue: '0.00',
    currency: 'USD',
    updatedAt: '2026-12-01T00:00:00Z',
    ...metrics,
  };
}

const cells: ExperimentCell[] = [
  { name: 'A', treatmentPercentage: 50, objectIds: ['1', '2'] },
  { name: 'B', treatmentPercentage: 50, objectIds: ['3'] },
];

describe('cellResults', () => {
  it('sums USD exactly (0.1 + 0.2 is 0.30, not 0.30000000000000004) over days and objects', () => {
    const rows = [
      row('1', '2026-12-01', {
        spend: '0.1',
        impressions: 100,
        clicks: 3,
        conversions: 1,
        conversionValue: '10.05',
      }),
      row('1', '2026-12-02', {
        spend: '0.2',
        impressions: 50,
        clicks: 2,
        conversions: 2,
        conversionValue: '0.95',
      }),
      row('2', '2026-12-01', {
        spend: '12.34',
        impressions: 10,
        clicks: 1,
        conversions: 0,
        conversionValue: '0',
      }),
      row('3', '2026-12-01', {
        spend: '99.99',
        impressions: 7,
        clicks: 0,
        conversions: 0,
        conversionValue: '0.00',
      }),
      row('4', '2026-12-01', { spend: '500.00' }),
    ];
    expect(cellResults(cells, rows, 'USD')).toEqual([
      {
        cell: 'A',
        spend: '12.64',
        impressions: 160,
        clicks: 6,
        conversions: 3,
        conversionValue: '11.00',
        currency: 'USD',
        costPerConversion: '4.21',
      },
      {
        cell: 'B',
        spend: '99.99',
        impressions: 7,
        clicks: 0,
        conversions: 0,
        conversionValue: '0.00',
        currency: 'USD',
      },
    ]);
  });

  it('sums JPY in whole yen, its cost per conversion rounded half up to a yen', () => {
    const rows = [
      row('1', '2026-12-01', { spend: '1000', conversions: 2, conversionValue: '5000', currency: 'JPY' }),
      row('3', '2026-12-01', { spend: '1001', conversions: 2, conversionValue: '0', currency: 'JPY' }),
    ];
    const [a, b] = cellResults(cells, rows, 'JPY');
    expect(a).toMatchObject({
      spend: '1000',
      conversionValue: '5000',
      costPerConversion: '500',
      currency: 'JPY',
    });
    expect(b).toMatchObject({ spend: '1001', costPerConversion: '501' });
  });

  it('keeps a conversion value finer than the currency unit (JPY "1234.5") exactly, never refusing it', () => {
    const rows = [
      row('1', '2026-12-01', { spend: '1000', conversions: 1, conversionValue: '1234.5', currency: 'JPY' }),
      row('2', '2026-12-02', { spend: '500', conversions: 2, conversionValue: '0.25', currency: 'JPY' }),
    ];
    const [a] = cellResults(cells, rows, 'JPY');
    expect(a).toMatchObject({ spend: '1500', conversionValue: '1234.75', costPerConversion: '500' });
  });

  it('answers zeros for a cell without rows', () => {
    expect(cellResults(cells, [], 'USD')[1]).toEqual({
      cell: 'B',
      spend: '0.00',
      impressions: 0,
      clicks: 0,
      conversions: 0,
      conversionValue: '0.00',
      currency: 'USD',
    });
  });

  it('refuses to add a row in another currency (the 100× bug)', () => {
    expect(() =>
      cellResults(cells, [row('1', '2026-12-01', { spend: '100', currency: 'JPY' })], 'USD'),
    ).toThrow(UnprocessableError);
  });
});

describe('resultDays', () => {
  const start = Date.parse('2026-12-01T03:00:00Z');
  const end = Date.parse('2026-12-08T03:00:00Z');

  it('has no days before the start', () => {
    expect(resultDays(start, end, start - 1, 'UTC')).toBeUndefined();
  });

  it("runs from the start's day to today, in the ad account's zone", () => {
    // 03:00 UTC is still the previous evening in New York.
    expect(resultDays(start, end, Date.parse('2026-12-03T12:00:00Z'), 'America/New_York')).toEqual({
      from: '2026-11-30',
      to: '2026-12-03',
    });
  });

  it("stops at the end's day once the study has ended", () => {
    expect(resultDays(start, end, Date.parse('2026-12-20T00:00:00Z'), 'Asia/Tokyo')).toEqual({
      from: '2026-12-01',
      to: '2026-12-08',
    });
  });
});

describe('majorDecimalFromMinor', () => {
  it.each([
    [1234, 'USD', '12.34'],
    [5, 'USD', '0.05'],
    [0, 'EUR', '0.00'],
    [-150, 'USD', '-1.50'],
    [2500, 'JPY', '2500'],
  ])('%i %s → %s', (minor, currency, text) => {
    expect(majorDecimalFromMinor(minor, currency)).toBe(text);
  });

  it('refuses a fraction of a minor unit', () => {
    expect(() => majorDecimalFromMinor(1.5, 'USD')).toThrow(RangeError);
  });
});
