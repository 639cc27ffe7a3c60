import { DeleteCommand, type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { allShards, SHARD_COUNTS, shardOf } from '../../domain/partition-shard';
import { appKeys } from './app-table';
import { batchGet, type ItemKey, itemAt, type StoredItem } from './batch-get';
import { applied } from './conditional-write';
import { queryWholePartition } from './sharded-page';

/**
 * Where a mirrored campaign / ad set / ad lives: one of its ad account's shards, by object id
 * (`ADACCOUNT#<act>#OBJ#<n>` / `OBJ#<id>`). Shared by the webhook mirror and the managed-object
 * store, which write fields of the same item.
 */
export function adObjectKey(adAccountId: string, objectId: string): ItemKey {
  return {
    pk: appKeys.adObjectShard(adAccountId, shardOf(objectId, SHARD_COUNTS.adObjects)),
    sk: appKeys.adObject(objectId),
  };
}

/** Where a release before the shards kept the object: under the ad account's own key. */
export function adObjectKeyBefore(adAccountId: string, objectId: string): ItemKey {
  return { pk: appKeys.adAccount(adAccountId), sk: appKeys.adObject(objectId) };
}

/** Every key an account's objects may be under: its shards, then its own key (of before). */
export function adObjectPartitions(adAccountId: string): string[] {
  return [
    ...allShards(SHARD_COUNTS.adObjects).map((shard) => appKeys.adObjectShard(adAccountId, shard)),
    appKeys.adAccount(adAccountId),
  ];
}

/**
 * The stored items of these objects of the account, by object id: each read at its shard and at
 * the account's own key (of before the shards) in one BatchGet, the shard's copy first.
 */
export async function readAdObjects(
  client: DynamoDBDocumentClient,
  tableName: string,
  adAccountId: string,
  objectIds: readonly string[],
): Promise<Map<string, StoredItem>> {
  const keys = [...new Set(objectIds)].map((id) => ({
    id,
    now: adObjectKey(adAccountId, id),
    before: adObjectKeyBefore(adAccountId, id),
  }));
  if (keys.length === 0) return new Map();
  const found = await batchGet(
    client,
    tableName,
    keys.flatMap((key) => [key.now, key.before]),
  );
  return new Map(
    keys.flatMap((key) => {
      const item = itemAt(found, key.now) ?? itemAt(found, key.before);
      return item ? [[key.id, item] as const] : [];
    }),
  );
}

/** Accounts found without objects under their old key, per table: none are ever written there again. */
const movedAccounts = new Set<string>();

/** Objects moved per TransactWrite round: a bound on the move's burst. */
const MOVE_CONCURRENCY = 8;

/**
 * Moves the ad account's objects still under its own key (a release before the shards) to their
 * shards, each in one transaction (put at the shard, delete the old), so a reader finds every
 * object at one key or the other. Writers call it before they write an object of the account,
 * so no write lands beside an old copy; once the old key is found empty, the container does not
 * look again. Returns how many moved.
 */
export async function moveAdObjectsToShards(
  client: DynamoDBDocumentClient,
  tableName: string,
  adAccountId: string,
): Promise<number> {
  const memo = `${tableName}|${adAccountId}`;
  if (movedAccounts.has(memo)) return 0;
  const old = await queryWholePartition(
    client,
    tableName,
    appKeys.adAccount(adAccountId),
    appKeys.adObjectPrefix,
  );
  let moved = 0;
  for (let i = 0; i < old.length; i += MOVE_CONCURRENCY) {
    const results = await Promise.all(
      old.slice(i, i + MOVE_CONCURRENCY).map((item) => moveOne(client, tableName, adAccountId, item)),
    );
    moved += results.filter(Boolean).length;
  }
  movedAccounts.add(memo);
  return moved;
}

async function moveOne(
  client: DynamoDBDocumentClient,
  tableName: string,
  adAccountId: string,
  item: StoredItem,
): Promise<boolean> {
  const before = { pk: String(item.pk), sk: String(item.sk) };
  const id = before.sk.slice(appKeys.adObjectPrefix.length);
  const moved = await applied(
    client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: { ...item, ...adObjectKey(adAccountId, id) },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Delete: { TableName: tableName, Key: before } },
        ],
      }),
    ),
  );
  if (moved) return true;
  // Another container moved it first (and someone may have written it since): the shard's wins.
  // Two moving at once cancel each other's transactions: a StoreThrottledError from `applied`,
  // and the message or request goes again.
  await client.send(new DeleteCommand({ TableName: tableName, Key: before }));
  return false;
}
