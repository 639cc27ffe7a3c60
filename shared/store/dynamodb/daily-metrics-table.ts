import { tables } from '../../../infra/resources';
import type { DailyMetricRow } from '../../domain/daily-metrics';
import { resourceName } from '../../platform/config';
import type { DailyMetricsRange } from '../daily-metrics-store';

/** The `ua_daily_metrics` table's name (table `dailyMetrics`); keys are `pk`/`sk`. */
export function dailyMetricsTableName(): string {
  return resourceName(tables.dailyMetrics.envVar);
}

type PartitionOf = Pick<DailyMetricRow, 'workspaceId' | 'adAccountId' | 'level'>;

/**
 * One partition per (workspace, ad account, level), days first in the sort key: a date range
 * is one Query, in date order, and a row's key is its identity (a re-pull overwrites it).
 */
export const dailyMetricsKeys = {
  partition: (of: PartitionOf) => `WS#${of.workspaceId}#ACT#${of.adAccountId}#L#${of.level}`,
  row: (row: Pick<DailyMetricRow, 'date' | 'entityId'>) => `D#${row.date}#E#${row.entityId}`,
  /** The sort keys of `[from, to]`: `~` sorts after every entity id (digits). */
  days: (range: Pick<DailyMetricsRange, 'from' | 'to'>) => ({
    low: `D#${range.from}#`,
    high: `D#${range.to}#~`,
  }),
  of: (row: DailyMetricRow) => ({ pk: dailyMetricsKeys.partition(row), sk: dailyMetricsKeys.row(row) }),
} as const;
