import { dayInZone } from './account-days';
import type { DailyMetricRow } from './daily-metrics';
import type { ExperimentCell } from './experiment';
import { majorDecimalFromMinor, minorFromMajorDecimal, sumMoney } from './money';

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
 * level). Money is added exactly: each decimal string → integer minor units → the sum → a
 * decimal string again; a row in another currency than the account's is refused, never added
 * (yen added to cents is the 100× bug). Cost per conversion is rounded half up to the
 * currency's smallest unit, on integers.
 * @example cellResults([{ name: 'A', treatmentPercentage: 50, objectIds: ['1'] }], rows, 'USD')
 */
export function cellResults(
  cells: readonly ExperimentCell[],
  rows: readonly DailyMetricRow[],
  currency: string,
): CellResult[] {
  const rowsOf = new Map<string, DailyMetricRow[]>();
  for (const row of rows) rowsOf.set(row.entityId, [...(rowsOf.get(row.entityId) ?? []), row]);
  return cells.map((cell) => {
    const mine = cell.objectIds.flatMap((id) => rowsOf.get(id) ?? []);
    const spend = sumMoney(
      mine.map((row) => ({ minor: minorFromMajorDecimal(row.spend, row.currency), currency: row.currency })),
      currency,
    ).minor;
    const conversionValue = sumMoney(
      mine.map((row) => ({
        minor: minorFromMajorDecimal(row.conversionValue, row.currency),
        currency: row.currency,
      })),
      currency,
    ).minor;
    const conversions = mine.reduce((sum, row) => sum + row.conversions, 0);
    const costPerConversion = costPer(spend, conversions);
    return {
      cell: cell.name,
      spend: majorDecimalFromMinor(spend, currency),
      impressions: mine.reduce((sum, row) => sum + row.impressions, 0),
      clicks: mine.reduce((sum, row) => sum + row.clicks, 0),
      conversions,
      conversionValue: majorDecimalFromMinor(conversionValue, currency),
      currency,
      ...(costPerConversion === undefined
        ? {}
        : { costPerConversion: majorDecimalFromMinor(costPerConversion, currency) }),
    };
  });
}

/** spend ÷ conversions in minor units, rounded half up; only for a whole, positive count. */
function costPer(spendMinor: number, conversions: number): number | undefined {
  if (!Number.isSafeInteger(conversions) || conversions <= 0) return undefined;
  return Math.floor((2 * spendMinor + conversions) / (2 * conversions));
}
