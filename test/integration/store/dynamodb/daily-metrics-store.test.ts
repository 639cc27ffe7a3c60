import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../../../../shared/domain/account-days';
import type { DailyMetricRow } from '../../../../shared/domain/daily-metrics';
import { ValidationError } from '../../../../shared/platform/errors';
import { DynamoDailyMetricsStore } from '../../../../shared/store/dynamodb/daily-metrics-store';
import { createLocalDailyMetricsTable, type LocalDailyMetricsTable } from '../../support/local-app-table';

const NOW = '2026-12-01T10:00:00.000Z';
const LATER = '2026-12-01T11:00:00.000Z';

function row(entityId: string, date: string, overrides: Partial<DailyMetricRow> = {}): DailyMetricRow {
  return {
    workspaceId: 'ws-1',
    adAccountId: 'act_1',
    level: 'campaign',
    entityId,
    campaignId: entityId,
    date,
    spend: '12.34',
    impressions: 1000,
    clicks: 20,
    conversions: 2,
    conversionValue: '40.00',
    currency: 'USD',
    updatedAt: 'ignored',
    ...overrides,
  };
}

const range = (from: string, to: string) => ({
  workspaceId: 'ws-1',
  adAccountId: 'act_1',
  level: 'campaign' as const,
  from,
  to,
});

describe('DynamoDailyMetricsStore on DynamoDB Local', () => {
  let table: LocalDailyMetricsTable;
  beforeAll(async () => {
    table = await createLocalDailyMetricsTable('metrics');
  });
  afterAll(() => table.close());
  // A fresh store per test: each test uses its own workspace to stay apart.
  const store = () => new DynamoDailyMetricsStore({ client: table.client, tableName: table.tableName });
  const itemCount = async (workspaceId: string) => {
    const out = await table.client.send(new ScanCommand({ TableName: table.tableName }));
    return (out.Items ?? []).filter((item) => String(item.pk).startsWith(`WS#${workspaceId}#`)).length;
  };
  /** Counts the BatchWrites the store sends (the calls still reach DynamoDB Local). */
  const batchWrites = () => {
    const send = jest.spyOn(table.client, 'send');
    return {
      count: () => send.mock.calls.filter(([command]) => command instanceof BatchWriteCommand).length,
      stop: () => send.mockRestore(),
    };
  };

  it('writes new rows, keyed by (workspace, ad account, level, entity, date), with updatedAt', async () => {
    const rows = [row('101', '2026-11-01'), row('102', '2026-11-01'), row('101', '2026-11-02')];
    expect(await store().upsert(rows, NOW)).toEqual({ written: 3, unchanged: 0 });
    const listed = await store().list(range('2026-11-01', '2026-11-02'), { limit: 10 });
    expect(listed.items).toEqual([
      { ...rows[0], updatedAt: NOW },
      { ...rows[1], updatedAt: NOW },
      { ...rows[2], updatedAt: NOW },
    ]);
    expect(listed.nextCursor).toBeUndefined();
    // Another workspace, ad account or level sees none of them.
    expect(
      (await store().list({ ...range('2026-11-01', '2026-11-02'), workspaceId: 'ws-2' }, { limit: 10 }))
        .items,
    ).toEqual([]);
    expect(
      (await store().list({ ...range('2026-11-01', '2026-11-02'), adAccountId: 'act_2' }, { limit: 10 }))
        .items,
    ).toEqual([]);
    expect(
      (await store().list({ ...range('2026-11-01', '2026-11-02'), level: 'ad' }, { limit: 10 })).items,
    ).toEqual([]);
  });

  it('a re-upsert of equal rows writes 0; a changed row overwrites, never adds', async () => {
    const ws = 'ws-repull';
    const rows = [
      row('201', '2026-11-05', { workspaceId: ws }),
      row('202', '2026-11-05', { workspaceId: ws }),
    ];
    await store().upsert(rows, NOW);
    const writes = batchWrites();
    try {
      expect(await store().upsert(rows, LATER)).toEqual({ written: 0, unchanged: 2 });
      expect(writes.count()).toBe(0);
    } finally {
      writes.stop();
    }

    const restated = { ...rows[1], conversions: 5, conversionValue: '99.90' } as DailyMetricRow;
    expect(await store().upsert([rows[0] as DailyMetricRow, restated], LATER)).toEqual({
      written: 1,
      unchanged: 1,
    });
    expect(await itemCount(ws)).toBe(2);
    const listed = await store().list(
      { ...range('2026-11-05', '2026-11-05'), workspaceId: ws },
      { limit: 10 },
    );
    expect(listed.items).toEqual([
      { ...rows[0], updatedAt: NOW },
      { ...restated, updatedAt: LATER },
    ]);
  });

  it('upserts more rows than one BatchGet (100) and one BatchWrite (25) take, and re-reads them all', async () => {
    const ws = 'ws-many';
    const rows = Array.from({ length: 30 }, (_, day) =>
      Array.from({ length: 8 }, (_, e) =>
        row(String(3000 + e), addDays('2026-10-01', day), { workspaceId: ws }),
      ),
    ).flat();
    expect(rows).toHaveLength(240);
    expect(await store().upsert(rows, NOW)).toEqual({ written: 240, unchanged: 0 });
    expect(await itemCount(ws)).toBe(240);
    expect(await store().upsert(rows, LATER)).toEqual({ written: 0, unchanged: 240 });
    const changed = rows.map((r, i) => (i % 3 === 0 ? { ...r, clicks: r.clicks + 1 } : r));
    expect(await store().upsert(changed, LATER)).toEqual({ written: 80, unchanged: 160 });
    expect(await itemCount(ws)).toBe(240);
  });

  it('takes the last reading when one upsert names a key twice (DynamoDB refuses duplicate keys)', async () => {
    const ws = 'ws-dup';
    const first = row('401', '2026-11-07', { workspaceId: ws, spend: '1.00' });
    const second = { ...first, spend: '2.00' };
    expect(await store().upsert([first, second], NOW)).toEqual({ written: 1, unchanged: 0 });
    const listed = await store().list(
      { ...range('2026-11-07', '2026-11-07'), workspaceId: ws },
      { limit: 5 },
    );
    expect(listed.items.map((r) => r.spend)).toEqual(['2.00']);
  });

  it('lists a range in cursor pages, by date then entity, only inside [from, to]', async () => {
    const ws = 'ws-pages';
    const rows = ['2026-09-29', '2026-09-30', '2026-10-01', '2026-10-02', '2026-10-03'].flatMap((date) =>
      ['7', '70', '8'].map((entityId) => row(entityId, date, { workspaceId: ws })),
    );
    await store().upsert(rows, NOW);
    const wanted = { ...range('2026-09-30', '2026-10-02'), workspaceId: ws };
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store().list(wanted, { limit: 4, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((r) => `${r.date}/${r.entityId}`));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([
      '2026-09-30/7',
      '2026-09-30/70',
      '2026-09-30/8',
      '2026-10-01/7',
      '2026-10-01/70',
      '2026-10-01/8',
      '2026-10-02/7',
      '2026-10-02/70',
      '2026-10-02/8',
    ]);

    const filtered = await store().list(wanted, { limit: 2, entityIds: ['70'] });
    expect(filtered.items.map((r) => `${r.date}/${r.entityId}`)).toEqual(['2026-09-30/70', '2026-10-01/70']);
    const rest = await store().list(wanted, {
      limit: 2,
      entityIds: ['70'],
      cursor: filtered.nextCursor ?? '',
    });
    expect(rest.items.map((r) => `${r.date}/${r.entityId}`)).toEqual(['2026-10-02/70']);
    expect(rest.nextCursor).toBeUndefined();
    expect((await store().list(wanted, { limit: 2, entityIds: [] })).items).toEqual([]);
  });

  it('refuses a cursor of another partition or range as a validation error', async () => {
    const ws = 'ws-cursor';
    await store().upsert(
      [row('1', '2026-08-01', { workspaceId: ws }), row('2', '2026-08-01', { workspaceId: ws })],
      NOW,
    );
    const page = await store().list({ ...range('2026-08-01', '2026-08-01'), workspaceId: ws }, { limit: 1 });
    expect(page.nextCursor).toBeDefined();
    const cursor = page.nextCursor ?? '';
    await expect(
      store().list({ ...range('2026-08-01', '2026-08-01'), workspaceId: 'ws-other' }, { limit: 1, cursor }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      store().list({ ...range('2026-08-02', '2026-08-03'), workspaceId: ws }, { limit: 1, cursor }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      store().list(
        { ...range('2026-08-01', '2026-08-01'), workspaceId: ws },
        { limit: 1, cursor: 'garbage' },
      ),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('rowsOf reads every row of the entities in the range, over pages and more than 100 ids', async () => {
    const ws = 'ws-rows-of';
    const ids = Array.from({ length: 130 }, (_, i) => String(5000 + i));
    const rows = ['2026-07-01', '2026-07-02'].flatMap((date) =>
      ids.map((id) => row(id, date, { workspaceId: ws })),
    );
    await store().upsert([...rows, row('9999', '2026-07-01', { workspaceId: ws })], NOW);
    const found = await store().rowsOf({ ...range('2026-07-01', '2026-07-02'), workspaceId: ws }, ids);
    expect(found).toHaveLength(260);
    expect(found.map((r) => `${r.date}/${r.entityId}`)).toEqual(
      ['2026-07-01', '2026-07-02'].flatMap((date) => ids.map((id) => `${date}/${id}`)),
    );
    expect(await store().rowsOf({ ...range('2026-07-01', '2026-07-02'), workspaceId: ws }, [])).toEqual([]);
  });
});
