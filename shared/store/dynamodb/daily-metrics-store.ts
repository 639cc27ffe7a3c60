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
import { batchDelete, batchPut } from './batch-put';
import { decodeCursorWhere, encodeCursor } from './cursor';
import { dailyMetricsKeys, dailyMetricsTableName } from './daily-metrics-table';
import type { ItemFilter } from './filtered-page';
import { queryShards } from './sharded-page';
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
 * `ua_daily_metrics` on its own table: pk `WS#<ws>#ACT#<act>#L#<level>` (ad and ad-set rows
 * spread over shards after it, see `dailyMetricsKeys`), sk `D#<date>#E#<entityId>`. An upsert reads the stored rows by key (BatchGet) and writes only
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
    // Each row's key and, while a release of before the shards may have left it there, its old one.
    const keys = uniqueKeys(rows.flatMap((row) => [dailyMetricsKeys.of(row), dailyMetricsKeys.before(row)]));
    const found = new Map<string, StoredItem>();
    for (const item of await batchGet(this.client, this.tableName, keys, this.sleep)) {
      found.set(keyText({ pk: String(item.pk), sk: String(item.sk) }), item);
    }
    const storedAt = (key: { pk: string; sk: string }) => found.get(keyText(key));
    const plan = planMetricsUpsert(
      rows,
      (row) => {
        const item = storedAt(dailyMetricsKeys.of(row)) ?? storedAt(dailyMetricsKeys.before(row));
        return item ? toRow(item) : undefined;
      },
      nowIso,
    );
    // Rows still under the old key move to their shard on this pull, changed or not; a shard
    // that already holds the row (an earlier pull wrote it, its delete of the old key did not
    // land) keeps its copy, the newer one.
    const rewritten = new Set(plan.write.map((row) => keyText(dailyMetricsKeys.before(row))));
    const stranded = uniqueRows(rows).flatMap((row) => {
      const before = dailyMetricsKeys.before(row);
      const shardKey = dailyMetricsKeys.of(row);
      const old = before.pk === shardKey.pk ? undefined : storedAt(before);
      if (!old) return [];
      const keep = rewritten.has(keyText(before)) || storedAt(shardKey) !== undefined;
      return [{ before, moved: keep ? undefined : toRow(old) }];
    });
    const writeOptions = { concurrency: this.writeConcurrency, ...(this.sleep ? { sleep: this.sleep } : {}) };
    await batchPut(
      this.client,
      this.tableName,
      [...plan.write, ...stranded.flatMap(({ moved }) => (moved ? [moved] : []))].map((row) => ({
        ...row,
        ...dailyMetricsKeys.of(row),
      })),
      writeOptions,
    );
    await batchDelete(
      this.client,
      this.tableName,
      stranded.map(({ before }) => before),
      writeOptions,
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
    const after = page.cursor
      ? decodeCursorWhere(
          page.cursor,
          (key) => key.pk === pk && typeof key.sk === 'string' && key.sk >= days.low && key.sk <= days.high,
        )
      : undefined;
    const found = await queryShards({
      client: this.client,
      tableName: this.tableName,
      pks: dailyMetricsKeys.partitions(range),
      skBetween: days,
      limit: page.limit,
      ...(page.entityIds ? { filter: entityFilter(page.entityIds) } : {}),
      ...(after ? { afterSk: String(after.sk) } : {}),
    });
    return {
      items: found.items.map(toRow),
      // The collection's key and the last sort key: every shard resumes after it.
      ...(found.lastSk ? { nextCursor: encodeCursor({ pk, sk: found.lastSk }) } : {}),
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

/** The last reading of each key, as planMetricsUpsert keeps it. */
function uniqueRows(rows: readonly DailyMetricRow[]): DailyMetricRow[] {
  return [...new Map(rows.map((row) => [keyText(dailyMetricsKeys.before(row)), row])).values()];
}

function keyText(key: { pk: string; sk: string }): string {
  return `${key.pk}|${key.sk}`;
}

function uniqueKeys(keys: { pk: string; sk: string }[]): { pk: string; sk: string }[] {
  return [...new Map(keys.map((key) => [keyText(key), key])).values()];
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
