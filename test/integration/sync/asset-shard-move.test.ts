import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { businessAssets } from '../../../infra/local/meta-simulator';
import type { LocalRuntime } from '../../../infra/local/runtime';
import { allShards, SHARD_COUNTS } from '../../../shared/domain/partition-shard';
import { chunksOf } from '../../../shared/platform/chunks-of';
import { dynamoDocumentClient } from '../../../shared/store/aws-clients';
import { appKeys, appTableName } from '../../../shared/store/dynamodb/app-table';
import type { StoredItem } from '../../../shared/store/dynamodb/batch-get';
import { startTestRuntime } from '../support/runtime';
import { comparable, connectSeeded, expectedItems, listAll, simulatorOf, syncAndWait } from './sync-fixture';

async function assetItemsUnder(pk: string): Promise<StoredItem[]> {
  const items: StoredItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await dynamoDocumentClient().send(
      new QueryCommand({
        TableName: appTableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': 'ASSET#' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

const shardKeys = (workspaceId: string) =>
  allShards(SHARD_COUNTS.assets).map((shard) => appKeys.assetShard(workspaceId, shard));

/**
 * Puts a workspace's assets back the way the release before the shards stored them (all under
 * `WS#<ws>`): a stack deployed over that data.
 */
async function storeTheOldWay(workspaceId: string): Promise<number> {
  const sharded = (await Promise.all(shardKeys(workspaceId).map(assetItemsUnder))).flat();
  for (const chunk of chunksOf(sharded, 12)) {
    await dynamoDocumentClient().send(
      new BatchWriteCommand({
        RequestItems: {
          [appTableName()]: chunk.flatMap((item) => [
            { PutRequest: { Item: { ...item, pk: appKeys.workspace(workspaceId) } } },
            { DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } },
          ]),
        },
      }),
    );
  }
  return sharded.length;
}

describe('assets of the single-key release on a sharded stack (local runtime + simulator)', () => {
  let rt: LocalRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(() => rt.stop());

  it('lists them while they are under the old key, and the next sync moves them to their shards unchanged', async () => {
    const seeded = simulatorOf(rt).seed({
      businesses: 2,
      tokens: 1,
      perBusiness: businessAssets({
        ownedAdAccounts: 25,
        clientAdAccounts: 5,
        ownedPages: 12,
        ownedPixels: 3,
      }),
      seed: 91,
    });
    const ws = await connectSeeded(rt, 'ws-old-keys', seeded.tokens);
    expect(await syncAndWait(rt, ws)).toMatchObject({ status: 'succeeded' });
    const before = comparable(await listAll(rt, ws, 'ad-accounts'));
    expect(before).toEqual(expectedItems(seeded.expected.adAccounts, ws));

    const total = await storeTheOldWay(ws.workspaceId);
    expect(total).toBeGreaterThan(40);
    expect(await assetItemsUnder(appKeys.workspace(ws.workspaceId))).toHaveLength(total);
    expect(comparable(await listAll(rt, ws, 'ad-accounts'))).toEqual(before);
    expect(comparable(await listAll(rt, ws, 'pages'))).toEqual(expectedItems(seeded.expected.pages, ws));

    const resync = await syncAndWait(rt, ws);
    // Moved, not rewritten as changes: nothing was added, updated or removed.
    expect(resync).toMatchObject({ status: 'succeeded', counts: { added: 0, updated: 0, removed: 0 } });
    expect(await assetItemsUnder(appKeys.workspace(ws.workspaceId))).toEqual([]);
    const sharded = await Promise.all(shardKeys(ws.workspaceId).map(assetItemsUnder));
    expect(sharded.flat()).toHaveLength(total);
    expect(sharded.filter((items) => items.length > 0).length).toBeGreaterThan(1);
    expect(comparable(await listAll(rt, ws, 'ad-accounts'))).toEqual(before);
  });
});
