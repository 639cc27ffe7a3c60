import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DailyMetricRow, InsightsLevel } from '../../../../shared/domain/daily-metrics';
import { encodeCursor } from '../../../../shared/store/dynamodb/cursor';
import { DynamoDailyMetricsStore } from '../../../../shared/store/dynamodb/daily-metrics-store';
import { dailyMetricsKeys } from '../../../../shared/store/dynamodb/daily-metrics-table';
import { createLocalDailyMetricsTable, type LocalDailyMetricsTable } from '../../support/local-app-table';

const NOW = '2026-12-01T10:00:00.000Z';
const LATER = '2026-12-02T10:00:00.000Z';

function row(
  workspaceId: string,
  level: InsightsLevel,
  entityId: string,
  date: string,
  spend = '1.00',
): DailyMetricRow {
  return {
    workspaceId,
    adAccountId: 'act_1',
    level,
    entityId,
    campaignId: 'c1',
    ...(level === 'campaign' ? {} : { adsetId: 'as1' }),
    ...(level === 'ad' ? { adId: entityId } : {}),
    date,
    spend,
    impressions: 100,
    clicks: 2,
    conversions: 0,
    conversionValue: '0',
    currency: 'EUR',
    updatedAt: NOW,
  };
}

const entities = (n: number) => Array.from({ length: n }, (_, i) => String(238_000_000_000 + i * 13));
const days = ['2026-11-01', '2026-11-02', '2026-11-03'];
const byDateThenEntity = (a: DailyMetricRow, b: DailyMetricRow) =>
  a.date === b.date ? a.entityId.localeCompare(b.entityId) : a.date.localeCompare(b.date);

describe('Insights rows spread over shards, on DynamoDB Local', () => {
  let table: LocalDailyMetricsTable;
  beforeAll(async () => {
    table = await createLocalDailyMetricsTable('metrics-shards');
  });
  afterAll(() => table.close());
  const store = () => new DynamoDailyMetricsStore({ client: table.client, tableName: table.tableName });
  const countUnder = async (pk: string) =>
    (
      await table.client.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          Select: 'COUNT',
        }),
      )
    ).Count ?? 0;
  const range = (workspaceId: string, level: InsightsLevel) => ({
    workspaceId,
    adAccountId: 'act_1',
    level,
    from: days[0] ?? '',
    to: days[2] ?? '',
  });

  async function listAll(workspaceId: string, level: InsightsLevel, limit: number, entityIds?: string[]) {
    const seen: DailyMetricRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await store().list(range(workspaceId, level), {
        limit,
        ...(cursor ? { cursor } : {}),
        ...(entityIds ? { entityIds } : {}),
      });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  it('spreads ad rows over 16 keys and ad-set rows over 4, campaign rows staying on one', async () => {
    const ws = 'ws-spread';
    const ads = entities(80).flatMap((id) => days.map((date) => row(ws, 'ad', id, date)));
    const adsets = entities(20).flatMap((id) => days.map((date) => row(ws, 'adset', id, date)));
    const campaigns = entities(5).flatMap((id) => days.map((date) => row(ws, 'campaign', id, date)));
    expect(await store().upsert([...ads, ...adsets, ...campaigns], NOW)).toEqual({
      written: 315,
      unchanged: 0,
    });

    const adKeys = dailyMetricsKeys.partitions(range(ws, 'ad'));
    expect(adKeys).toHaveLength(17);
    const perAdShard = await Promise.all(adKeys.slice(0, 16).map(countUnder));
    expect(perAdShard.reduce((a, b) => a + b, 0)).toBe(240);
    expect(perAdShard.filter((n) => n > 0).length).toBeGreaterThan(10);
    expect(await countUnder(dailyMetricsKeys.partition(range(ws, 'ad')))).toBe(0);
    const perAdsetShard = await Promise.all(
      dailyMetricsKeys.partitions(range(ws, 'adset')).slice(0, 4).map(countUnder),
    );
    expect(perAdsetShard.reduce((a, b) => a + b, 0)).toBe(60);
    expect(dailyMetricsKeys.partitions(range(ws, 'campaign'))).toEqual([
      dailyMetricsKeys.partition(range(ws, 'campaign')),
    ]);
    expect(await countUnder(dailyMetricsKeys.partition(range(ws, 'campaign')))).toBe(15);

    // Pages across the shards keep the list's order (date, then entity id) and lose nothing.
    const sorted = [...ads].sort(byDateThenEntity);
    expect(await listAll(ws, 'ad', 17)).toEqual(sorted);
    const one = await store().list(range(ws, 'ad'), { limit: 240 });
    expect(one.items).toHaveLength(240);
    expect(one.nextCursor).toBeUndefined();
    const wanted = entities(80).filter((_, i) => i % 9 === 0);
    expect(await listAll(ws, 'ad', 4, wanted)).toEqual(sorted.filter((r) => wanted.includes(r.entityId)));
    expect(await store().rowsOf(range(ws, 'adset'), entities(20))).toEqual(
      [...adsets].sort(byDateThenEntity),
    );
    expect(await listAll('ws-none', 'ad', 5)).toEqual([]);
  });

  it('resumes a cursor of the single-key release in every shard', async () => {
    const ws = 'ws-cursor';
    const ads = entities(30).map((id) => row(ws, 'ad', id, '2026-11-02'));
    await store().upsert(ads, NOW);
    const sorted = [...ads].sort(byDateThenEntity);
    const tenth = sorted[9] as DailyMetricRow;
    const cursor = encodeCursor({ pk: dailyMetricsKeys.partition(tenth), sk: dailyMetricsKeys.row(tenth) });
    const page = await store().list(range(ws, 'ad'), { limit: 100, cursor });
    expect(page.items).toEqual(sorted.slice(10));
  });

  it('reads rows still under the old key, and a re-pull moves them to their shards', async () => {
    const ws = 'ws-old';
    const old = entities(40).map((id) => row(ws, 'ad', id, '2026-11-01'));
    for (const r of old)
      await table.client.send(
        new PutCommand({ TableName: table.tableName, Item: { ...r, ...dailyMetricsKeys.before(r) } }),
      );
    const oldKey = dailyMetricsKeys.partition(range(ws, 'ad'));
    expect(await countUnder(oldKey)).toBe(40);
    expect(await listAll(ws, 'ad', 7)).toEqual([...old].sort(byDateThenEntity));

    // The pull re-reads every row: one changed, the rest the same.
    const changed = { ...(old[3] as DailyMetricRow), spend: '9.99' };
    const repull = old.map((r, i) => (i === 3 ? changed : r));
    expect(await store().upsert(repull, LATER)).toEqual({ written: 1, unchanged: 39 });
    expect(await countUnder(oldKey)).toBe(0);
    const after = await listAll(ws, 'ad', 100);
    expect(after).toHaveLength(40);
    expect(after.find((r) => r.entityId === changed.entityId)).toEqual({ ...changed, updatedAt: LATER });
    // Unchanged rows moved as they were, their updatedAt kept.
    expect(after.filter((r) => r.updatedAt === NOW)).toHaveLength(39);
    expect(await store().upsert(repull, LATER)).toEqual({ written: 0, unchanged: 40 });
  });

  it('keeps the shard copy when an old-key copy outlived an earlier move (its delete did not land)', async () => {
    const ws = 'ws-stale-old';
    const stale = row(ws, 'ad', '238000000001', '2026-11-01', '1.00');
    const fresh = { ...stale, spend: '7.50', updatedAt: LATER };
    await table.client.send(
      new PutCommand({ TableName: table.tableName, Item: { ...stale, ...dailyMetricsKeys.before(stale) } }),
    );
    await table.client.send(
      new PutCommand({ TableName: table.tableName, Item: { ...fresh, ...dailyMetricsKeys.of(fresh) } }),
    );
    // The retried pull reads the same numbers as the shard copy: nothing to write, the old copy goes.
    const { updatedAt: _kept, ...reading } = fresh;
    expect(await store().upsert([{ ...reading, updatedAt: NOW }], NOW)).toEqual({ written: 0, unchanged: 1 });
    expect(await countUnder(dailyMetricsKeys.partition(range(ws, 'ad')))).toBe(0);
    expect(await listAll(ws, 'ad', 10)).toEqual([fresh]);
  });
});
