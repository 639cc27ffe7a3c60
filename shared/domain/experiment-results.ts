import { dayInZone } from './account-days';
import type { DailyMetricRow } from './daily-metrics';
import { divideDecimal, sumDecimals } from './decimal-sum';
import type { ExperimentCell } from './experiment';
import { currencyOffset, requireCurrency } from './money';

/** One cell's totals over the experiment's days (money as Meta's decimal strings, major units). */
export interface CellResult {
  cell: string;
  spend: string;
  impressions: number;
  clicks: number;
  conversions: number;
  conversionValue: string;
  currency: string;
  costPerConversion?: string;
}

/**
 * The days whose Insights count for an experiment: from the start's day to the end's day, or
 * today while it runs, in the ad account's time zone (Meta's Insights days). Undefined before
 * the start day.
 * @example resultDays(start, end, now, 'America/New_York') // { from: '2026-12-01', to: '2026-12-03' }
 */
export function resultDays(
  startMs: number,
  endMs: number,
  nowMs: number,
  timeZone: string | undefined,
): { from: string; to: string } | undefined {
  if (nowMs < startMs) return undefined;
  return { from: dayInZone(startMs, timeZone), to: dayInZone(Math.min(endMs, nowMs), timeZone) };
}

/**
 * Each cell's sums over `rows` (the daily rows of the cells' objects at the experiment's
 * level). Money is added exactly, as the decimal strings Meta gave, at the largest scale among
 * them and at least the currency's: a conversion value finer than the currency's unit (JPY
 * "1234.5") is kept, never refused. A row in another currency than the account's is refused,
 * never added (yen added to cents is the 100x bug). Cost per conversion is rounded half up to
 * the currency's smallest unit.
 * @example cellResults([{ name: 'A', treatmentPercentage: 50, objectIds: ['1'] }], rows, 'USD')
 */
export function cellResults(
  cells: readonly ExperimentCell[],
  rows: readonly DailyMetricRow[],
  currency: string,
): CellResult[] {
  const digits = currencyOffset(currency) === 100 ? 2 : 0;
  const rowsOf = new Map<string, DailyMetricRow[]>();
  for (const row of rows) {
    requireCurrency({ minor: 0, currency: row.currency }, currency, 'amount');
    rowsOf.set(row.entityId, [...(rowsOf.get(row.entityId) ?? []), row]);
  }
  return cells.map((cell) => {
    const mine = cell.objectIds.flatMap((id) => rowsOf.get(id) ?? []);
    const spend = sumDecimals(
      mine.map((row) => row.spend),
      digits,
    );
    const conversions = mine.reduce((sum, row) => sum + row.conversions, 0);
    const wholeCount = Number.isSafeInteger(conversions) && conversions > 0;
    return {
      cell: cell.name,
      spend,
      impressions: mine.reduce((sum, row) => sum + row.impressions, 0),
      clicks: mine.reduce((sum, row) => sum + row.clicks, 0),
      conversions,
      conversionValue: sumDecimals(
        mine.map((row) => row.conversionValue),
        digits,
      ),
      currency,
      ...(wholeCount ? { costPerConversion: divideDecimal(spend, conversions, digits) } : {}),
    };
  });
}
