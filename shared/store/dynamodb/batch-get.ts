import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';
import { chunksOf } from '../../platform/chunks-of';
import { type Sleep, sleepFor, untilProcessed } from './unprocessed';

/** An item as the document client returns it. */
export type StoredItem = Record<string, NativeAttributeValue>;

/** DynamoDB returns at most 100 items per BatchGetItem. */
const BATCH_LIMIT = 100;

export type ItemKey = { pk: string; sk: string };

/**
 * Reads items by key in as few requests as DynamoDB allows (one per 100 keys, at once) instead
 * of one per item, strongly consistent, asking again for the keys DynamoDB leaves
 * unprocessed. Returns the items found, by `pk`/`sk`, in no particular order.
 */
export async function batchGet(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly ItemKey[],
  sleep: Sleep = sleepFor,
): Promise<StoredItem[]> {
  const found = await Promise.all(
    chunksOf(keys, BATCH_LIMIT).map((chunk) => getChunk(client, tableName, chunk, sleep)),
  );
  return found.flat();
}

async function getChunk(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly ItemKey[],
  sleep: Sleep,
): Promise<StoredItem[]> {
  const items: StoredItem[] = [];
  await untilProcessed<Record<string, unknown>>(
    keys,
    async (pending) => {
      const out = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...(out.Responses?.[tableName] ?? []));
      return out.UnprocessedKeys?.[tableName]?.Keys ?? [];
    },
    'keys',
    sleep,
  );
  return items;
}

/** The item of `items` stored under `key`, if any. */
export function itemAt(items: readonly StoredItem[], key: ItemKey): StoredItem | undefined {
  return items.find((item) => item.pk === key.pk && item.sk === key.sk);
}
