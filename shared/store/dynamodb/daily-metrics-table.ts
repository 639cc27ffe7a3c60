import { tables } from '../../../infra/resources';
import type { DailyMetricRow } from '../../domain/daily-metrics';
import { allShards, SHARD_COUNTS, shardOf } from '../../domain/partition-shard';
import { resourceName } from '../../platform/config';
import type { DailyMetricsRange } from '../daily-metrics-store';

/** The `ua_daily_metrics` table's name (table `dailyMetrics`); keys are `pk`/`sk`. */
export function dailyMetricsTableName(): string {
  return resourceName(tables.dailyMetrics.envVar);
}

type PartitionOf = Pick<DailyMetricRow, 'workspaceId' | 'adAccountId' | 'level'>;

/**
 * One collection per (workspace, ad account, level), days first in the sort key: a date range
 * is one Query per shard, merged in date order, and a row's key is its identity (a re-pull
 * overwrites it). Ad and ad-set rows are many (a pull writes thousands at once), so they spread
 * over shards by entity id (`SHARD_COUNTS.dailyMetrics`), `#S#<n>` after the collection's key;
 * campaign rows keep the one key. Rows of before the shards stay under the collection's key
 * until a re-pull moves them.
 */
export const dailyMetricsKeys = {
  /** The collection's key: campaign rows' partition, older ad / ad-set rows' one, and cursors'. */
  partition: (of: PartitionOf) => `WS#${of.workspaceId}#ACT#${of.adAccountId}#L#${of.level}`,
  /** The partition a row of this entity is written under. */
  partitionOfEntity: (of: PartitionOf, entityId: string) => {
    const shards = SHARD_COUNTS.dailyMetrics[of.level];
    return shards === 1
      ? dailyMetricsKeys.partition(of)
      : `${dailyMetricsKeys.partition(of)}#S#${shardOf(entityId, shards)}`;
  },
  /** Every partition the collection's rows may be under: its shards, then its own key. */
  partitions: (of: PartitionOf): string[] => {
    const shards = SHARD_COUNTS.dailyMetrics[of.level];
    const own = dailyMetricsKeys.partition(of);
    return shards === 1 ? [own] : [...allShards(shards).map((n) => `${own}#S#${n}`), own];
  },
  row: (row: Pick<DailyMetricRow, 'date' | 'entityId'>) => `D#${row.date}#E#${row.entityId}`,
  /** The sort keys of `[from, to]`: `~` sorts after every entity id (digits). */
  days: (range: Pick<DailyMetricsRange, 'from' | 'to'>) => ({
    low: `D#${range.from}#`,
    high: `D#${range.to}#~`,
  }),
  of: (row: DailyMetricRow) => ({
    pk: dailyMetricsKeys.partitionOfEntity(row, row.entityId),
    sk: dailyMetricsKeys.row(row),
  }),
  /** Where the row was written before the shards (the same key as `of` for a one-shard level). */
  before: (row: DailyMetricRow) => ({ pk: dailyMetricsKeys.partition(row), sk: dailyMetricsKeys.row(row) }),
} as const;
