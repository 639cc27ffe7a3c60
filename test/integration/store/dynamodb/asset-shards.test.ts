import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Asset } from '../../../../shared/domain/asset-record';
import { SHARD_COUNTS } from '../../../../shared/domain/partition-shard';
import { dynamoDocumentClient } from '../../../../shared/store/aws-clients';
import { appKeys, appTableName } from '../../../../shared/store/dynamodb/app-table';
import { assetSortKey, DynamoAssetStore } from '../../../../shared/store/dynamodb/asset-store';
import { encodeCursor } from '../../../../shared/store/dynamodb/cursor';
import { useLocalAppTable } from '../../support/local-app-table';

function asset(workspaceId: string, id: string, overrides: Partial<Asset> = {}): Asset {
  return {
    workspaceId,
    type: 'ad-accounts',
    id,
    name: `Account ${id}`,
    ownership: 'owned',
    businessId: 'b1',
    tokenIds: ['t1'],
    status: 'active',
    lastSeenRunId: 'sr_1',
    changedRunId: 'sr_1',
    change: 'added',
    firstSeenAt: '2026-08-01T10:00:00.000Z',
    updatedAt: '2026-08-01T10:00:00.000Z',
    currency: 'USD',
    accountStatus: 1,
    ...overrides,
  };
}

const ids = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `act_${String(from + i).padStart(4, '0')}`);

/** An asset as a release before the shards stored it: under `WS#<ws>` itself. */
async function putUnderOldKey(a: Asset): Promise<void> {
  const { tokenIds, ...rest } = a;
  await dynamoDocumentClient().send(
    new PutCommand({
      TableName: appTableName(),
      Item: {
        pk: appKeys.workspace(a.workspaceId),
        sk: assetSortKey(a.type, a.id),
        ...rest,
        tokenIds: new Set(tokenIds),
      },
    }),
  );
}

async function countUnder(pk: string): Promise<number> {
  const out = await dynamoDocumentClient().send(
    new QueryCommand({
      TableName: appTableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': 'ASSET#' },
      Select: 'COUNT',
    }),
  );
  return out.Count ?? 0;
}

async function pageThrough(
  store: DynamoAssetStore,
  workspaceId: string,
  limit: number,
  includeRemoved: boolean,
  cursor?: string,
): Promise<string[]> {
  const seen: string[] = [];
  let next = cursor;
  do {
    const page = await store.list(workspaceId, 'ad-accounts', {
      limit,
      includeRemoved,
      ...(next ? { cursor: next } : {}),
    });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items.map((a) => a.id));
    next = page.nextCursor;
  } while (next);
  return seen;
}

describe('assets spread over shards, on DynamoDB Local', () => {
  const store = new DynamoAssetStore();
  beforeAll(async () => {
    await useLocalAppTable('asset-shards');
  });

  it('writes a workspace over its shards and lists them in Meta id order across pages', async () => {
    const all = ids(300);
    await store.putMany(all.map((id, i) => asset('ws-spread', id, i % 4 === 0 ? { status: 'removed' } : {})));
    const perShard = await Promise.all(
      Array.from({ length: SHARD_COUNTS.assets }, (_, n) => countUnder(appKeys.assetShard('ws-spread', n))),
    );
    expect(perShard.reduce((a, b) => a + b, 0)).toBe(300);
    for (const count of perShard) expect(count).toBeGreaterThan(0);
    expect(Math.max(...perShard)).toBeLessThan(300 / 4);
    expect(await countUnder(appKeys.workspace('ws-spread'))).toBe(0);

    expect(await pageThrough(store, 'ws-spread', 7, true)).toEqual(all);
    expect(await pageThrough(store, 'ws-spread', 13, false)).toEqual(all.filter((_, i) => i % 4 !== 0));
    const one = await store.list('ws-spread', 'ad-accounts', { limit: 300, includeRemoved: true });
    expect(one.items).toHaveLength(300);
    expect(one.nextCursor).toBeUndefined();
    expect(await store.loadAll('ws-spread', ['ad-accounts'])).toHaveLength(300);
    expect(await store.get('ws-spread', 'ad-accounts', 'act_0042')).toEqual(asset('ws-spread', 'act_0042'));
  });

  it('gives an empty page for an empty workspace and a type with no assets', async () => {
    expect(await store.list('ws-empty', 'ad-accounts', { limit: 5, includeRemoved: true })).toEqual({
      items: [],
    });
    expect(await store.list('ws-spread', 'pages', { limit: 5, includeRemoved: true })).toEqual({ items: [] });
  });

  it('resumes a cursor of the single-key release after its last sort key, in every shard', async () => {
    const all = ids(40);
    await store.putMany(all.map((id) => asset('ws-cursor', id)));
    const before = encodeCursor({
      pk: appKeys.workspace('ws-cursor'),
      sk: assetSortKey('ad-accounts', 'act_0009'),
    });
    expect(await pageThrough(store, 'ws-cursor', 6, true, before)).toEqual(all.slice(10));
  });

  it('reads assets still under the old key beside the sharded ones, and the next move shards them', async () => {
    const ws = 'ws-old';
    const old = ids(30).map((id) => asset(ws, id, { name: `old ${id}` }));
    for (const a of old) await putUnderOldKey(a);
    // Since the shards: a newer copy of one old asset, and assets the old release never saw.
    await store.putMany([
      asset(ws, 'act_0003', { name: 'newer' }),
      ...ids(10, 100).map((id) => asset(ws, id)),
    ]);

    const listed = await store.list(ws, 'ad-accounts', { limit: 100, includeRemoved: true });
    expect(listed.items.map((a) => a.id)).toEqual([...ids(30), ...ids(10, 100)]);
    expect(listed.items.find((a) => a.id === 'act_0003')?.name).toBe('newer');
    expect(await pageThrough(store, ws, 4, true)).toEqual([...ids(30), ...ids(10, 100)]);
    expect((await store.get(ws, 'ad-accounts', 'act_0007'))?.name).toBe('old act_0007');
    expect((await store.get(ws, 'ad-accounts', 'act_0003'))?.name).toBe('newer');
    expect(await store.loadAll(ws, ['ad-accounts'])).toHaveLength(40);

    expect(await store.moveToShards(ws)).toBe(29);
    expect(await countUnder(appKeys.workspace(ws))).toBe(0);
    const moved = await store.loadAll(ws, ['ad-accounts']);
    expect(moved).toHaveLength(40);
    expect(moved.find((a) => a.id === 'act_0003')?.name).toBe('newer');
    expect(moved.find((a) => a.id === 'act_0007')).toEqual(old[7]);
    expect(await store.get(ws, 'ad-accounts', 'act_0007')).toEqual(old[7]);
    expect(await store.moveToShards(ws)).toBe(0);
  });

  it('never lists as active an asset its shard copy says is removed, while the old copy remains', async () => {
    const ws = 'ws-old-removed';
    const old = ids(6).map((id) => asset(ws, id));
    for (const a of old) await putUnderOldKey(a);
    // The sync marked act_0002 removed in its shard; the move of the old copies has not run yet.
    await store.putMany([asset(ws, 'act_0002', { status: 'removed', change: 'removed' })]);

    const active = await store.list(ws, 'ad-accounts', { limit: 100, includeRemoved: false });
    expect(active.items.map((a) => a.id)).toEqual([
      'act_0000',
      'act_0001',
      'act_0003',
      'act_0004',
      'act_0005',
    ]);
    expect(await pageThrough(store, ws, 2, false)).toEqual([
      'act_0000',
      'act_0001',
      'act_0003',
      'act_0004',
      'act_0005',
    ]);
    const all = await store.list(ws, 'ad-accounts', { limit: 100, includeRemoved: true });
    expect(all.items.find((a) => a.id === 'act_0002')?.status).toBe('removed');
  });
});
