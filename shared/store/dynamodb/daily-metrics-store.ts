import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DailyMetricRow } from '../../domain/daily-metrics';
import { byDateThenEntity } from '../../domain/daily-metrics-order';
import { planMetricsUpsert } from '../../domain/daily-metrics-upsert';
import { chunksOf } from '../../platform/chunks-of';
import { dynamoDocumentClient } from '../aws-clients';
import {
  type DailyMetricsRange,
  type DailyMetricsStore,
  MAX_LISTED_ENTITY_IDS,
  type UpsertTally,
} from '../daily-metrics-store';
import { batchGet, type StoredItem } from './batch-get';
import { batchPut } from './batch-put';
import { decodeCursorWhere, encodeCursor } from './cursor';
import { dailyMetricsKeys, dailyMetricsTableName } from './daily-metrics-table';
import { type ItemFilter, queryPage } from './filtered-page';
import type { Sleep } from './unprocessed';

export interface DynamoDailyMetricsStoreOptions {
  /** @default the container's shared document client */
  client?: DynamoDBDocumentClient;
  /** @default the table named by TABLE_DAILY_METRICS */
  tableName?: string;
  /** BatchWrites in flight at once: a small bound, the pull runs several pieces at a time. @default 4 */
  writeConcurrency?: number;
  /** Pause before re-sending what DynamoDB left unprocessed. @default a timer */
  sleep?: Sleep;
}

/** Rows per Query page when `rowsOf` reads a range whole. */
const ROWS_OF_PAGE = 1000;

/**
 * `ua_daily_metrics` on its own table: pk `WS#<ws>#ACT#<act>#L#<level>`, sk
 * `D#<date>#E#<entityId>`. An upsert reads the stored rows by key (BatchGet) and writes only
 * the new or changed ones (BatchWrite), so a re-pull of unchanged days costs reads, no writes.
 */
export class DynamoDailyMetricsStore implements DailyMetricsStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string | undefined;
  private readonly writeConcurrency: number;
  private readonly sleep: Sleep | undefined;

  constructor(options: DynamoDailyMetricsStoreOptions = {}) {
    this.client = options.client ?? dynamoDocumentClient();
    this.table = options.tableName;
    this.writeConcurrency = options.writeConcurrency ?? 4;
    this.sleep = options.sleep;
  }

  async upsert(rows: readonly DailyMetricRow[], nowIso: string): Promise<UpsertTally> {
    if (rows.length === 0) return { written: 0, unchanged: 0 };
    const keys = uniqueKeys(rows.map(dailyMetricsKeys.of));
    const stored = new Map<string, DailyMetricRow>();
    for (const item of await batchGet(this.client, this.tableName, keys, this.sleep)) {
      stored.set(`${item.pk}|${item.sk}`, toRow(item));
    }
    const plan = planMetricsUpsert(
      rows,
      (row) => {
        const key = dailyMetricsKeys.of(row);
        return stored.get(`${key.pk}|${key.sk}`);
      },
      nowIso,
    );
    await batchPut(
      this.client,
      this.tableName,
      plan.write.map((row) => ({ ...row, ...dailyMetricsKeys.of(row) })),
      { concurrency: this.writeConcurrency, ...(this.sleep ? { sleep: this.sleep } : {}) },
    );
    return { written: plan.write.length, unchanged: plan.unchanged };
  }

  async list(
    range: DailyMetricsRange,
    page: { limit: number; cursor?: string; entityIds?: readonly string[] },
  ): Promise<{ items: DailyMetricRow[]; nextCursor?: string }> {
    if (page.entityIds && page.entityIds.length > MAX_LISTED_ENTITY_IDS)
      throw new RangeError(`at most ${MAX_LISTED_ENTITY_IDS} entity ids per list`);
    if (page.entityIds?.length === 0) return { items: [] };
    const pk = dailyMetricsKeys.partition(range);
    const days = dailyMetricsKeys.days(range);
    const found = await queryPage({
      client: this.client,
      tableName: this.tableName,
      pk,
      skBetween: days,
      limit: page.limit,
      ...(page.entityIds ? { filter: entityFilter(page.entityIds) } : {}),
      ...(page.cursor
        ? {
            startKey: decodeCursorWhere(
              page.cursor,
              (key) =>
                key.pk === pk && typeof key.sk === 'string' && key.sk >= days.low && key.sk <= days.high,
            ),
          }
        : {}),
    });
    return {
      items: found.items.map(toRow),
      ...(found.lastKey ? { nextCursor: encodeCursor(found.lastKey) } : {}),
    };
  }

  async rowsOf(range: DailyMetricsRange, entityIds: readonly string[]): Promise<DailyMetricRow[]> {
    const groups = chunksOf([...new Set(entityIds)], MAX_LISTED_ENTITY_IDS);
    const perGroup = await Promise.all(groups.map((ids) => this.allPages(range, ids)));
    // One Query per group: merge them back into the list's order (date, then entity id).
    return perGroup.flat().sort(byDateThenEntity);
  }

  private async allPages(range: DailyMetricsRange, entityIds: readonly string[]): Promise<DailyMetricRow[]> {
    const rows: DailyMetricRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list(range, {
        limit: ROWS_OF_PAGE,
        entityIds,
        ...(cursor ? { cursor } : {}),
      });
      rows.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  }

  /** Read per call: the table name comes from the environment, which tests may switch. */
  private get tableName(): string {
    return this.table ?? dailyMetricsTableName();
  }
}

function entityFilter(entityIds: readonly string[]): ItemFilter {
  const values = Object.fromEntries(entityIds.map((id, i) => [`:entity${i}`, id]));
  return {
    expression: `#entityId IN (${Object.keys(values).join(', ')})`,
    names: { '#entityId': 'entityId' },
    values,
  };
}

function uniqueKeys(keys: { pk: string; sk: string }[]): { pk: string; sk: string }[] {
  return [...new Map(keys.map((key) => [`${key.pk}|${key.sk}`, key])).values()];
}

/** Items are written only by this store, so their shape is a row's. */
function toRow(item: StoredItem): DailyMetricRow {
  const { pk: _pk, sk: _sk, ...row } = item;
  return row as DailyMetricRow;
}

let sharedDailyMetricsStore: DailyMetricsStore | undefined;

/** The one DynamoDailyMetricsStore of the container, for the composition roots. */
export function dailyMetricsStore(): DailyMetricsStore {
  sharedDailyMetricsStore ??= new DynamoDailyMetricsStore();
  return sharedDailyMetricsStore;
}
