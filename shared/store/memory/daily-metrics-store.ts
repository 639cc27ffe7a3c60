import { type DailyMetricRow, dailyMetricKey } from '../../domain/daily-metrics';
import { byDateThenEntity } from '../../domain/daily-metrics-order';
import { planMetricsUpsert } from '../../domain/daily-metrics-upsert';
import {
  type DailyMetricsRange,
  type DailyMetricsStore,
  MAX_LISTED_ENTITY_IDS,
  type UpsertTally,
} from '../daily-metrics-store';
import { pageOf } from './page-of';

/** `ua_daily_metrics` in this process's memory, with the DynamoDB store's rules, for unit tests. */
export class InMemoryDailyMetricsStore implements DailyMetricsStore {
  private readonly rows = new Map<string, DailyMetricRow>();
  /** Rows written by each upsert, in order (a test reads what a re-pull rewrote). */
  readonly writes: DailyMetricRow[][] = [];

  get all(): DailyMetricRow[] {
    return structuredClone([...this.rows.values()].sort(byDateThenEntity));
  }

  async upsert(rows: readonly DailyMetricRow[], nowIso: string): Promise<UpsertTally> {
    const plan = planMetricsUpsert(rows, (row) => this.rows.get(keyOf(row)), nowIso);
    for (const row of plan.write) this.rows.set(keyOf(row), structuredClone(row));
    this.writes.push(structuredClone(plan.write));
    return { written: plan.write.length, unchanged: plan.unchanged };
  }

  async list(
    range: DailyMetricsRange,
    page: { limit: number; cursor?: string; entityIds?: readonly string[] },
  ): Promise<{ items: DailyMetricRow[]; nextCursor?: string }> {
    if (page.entityIds && page.entityIds.length > MAX_LISTED_ENTITY_IDS)
      throw new RangeError(`at most ${MAX_LISTED_ENTITY_IDS} entity ids per list`);
    const wanted = page.entityIds ? new Set(page.entityIds) : undefined;
    const rows = this.inRange(range).filter((row) => !wanted || wanted.has(row.entityId));
    return pageOf(rows, page.limit, page.cursor);
  }

  async rowsOf(range: DailyMetricsRange, entityIds: readonly string[]): Promise<DailyMetricRow[]> {
    const wanted = new Set(entityIds);
    return this.inRange(range).filter((row) => wanted.has(row.entityId));
  }

  private inRange(range: DailyMetricsRange): DailyMetricRow[] {
    return this.all.filter(
      (row) =>
        row.workspaceId === range.workspaceId &&
        row.adAccountId === range.adAccountId &&
        row.level === range.level &&
        row.date >= range.from &&
        row.date <= range.to,
    );
  }
}

function keyOf(row: DailyMetricRow): string {
  return `${row.workspaceId}|${dailyMetricKey(row)}`;
}
