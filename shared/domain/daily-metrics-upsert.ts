import { type DailyMetricRow, dailyMetricKey, sameMetrics } from './daily-metrics';

export interface MetricsUpsertPlan {
  /** New or changed rows, stamped `updatedAt`, one per key. */
  write: DailyMetricRow[];
  /** Rows equal to the stored ones (metrics and name), left as they are. */
  unchanged: number;
}

/**
 * What an upsert writes: each row whose metrics differ from the stored one, whose entity was
 * renamed (a name read that differs from the stored one; a row read without a name says
 * nothing about it), or that is new, once per key (the last reading of a key in `incoming` wins: DynamoDB refuses a batch naming
 * one key twice). A restated day overwrites its row; an equal re-pull writes nothing.
 * @example planMetricsUpsert(rows, (row) => stored.get(dailyMetricKey(row)), now).write.length
 */
export function planMetricsUpsert(
  incoming: readonly DailyMetricRow[],
  storedOf: (row: DailyMetricRow) => DailyMetricRow | undefined,
  nowIso: string,
): MetricsUpsertPlan {
  const latest = new Map<string, DailyMetricRow>();
  for (const row of incoming) latest.set(`${row.workspaceId}|${dailyMetricKey(row)}`, row);
  const write: DailyMetricRow[] = [];
  let unchanged = 0;
  for (const row of latest.values()) {
    const stored = storedOf(row);
    if (stored && sameReading(stored, row)) unchanged++;
    else write.push({ ...row, updatedAt: nowIso });
  }
  return { write, unchanged };
}

/** Whether `row` would change nothing stored: equal metrics, and no new name for the entity. */
function sameReading(stored: DailyMetricRow, row: DailyMetricRow): boolean {
  const renamed = row.entityName !== undefined && row.entityName !== stored.entityName;
  return !renamed && sameMetrics(stored, row);
}
