import type { DailyMetricRow } from './daily-metrics';

/**
 * The order rows are listed in: by date, then by entity id as a string (the order of the
 * store's sort key `D#<date>#E#<entityId>`).
 */
export function byDateThenEntity(a: DailyMetricRow, b: DailyMetricRow): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.entityId === b.entityId) return 0;
  return a.entityId < b.entityId ? -1 : 1;
}
