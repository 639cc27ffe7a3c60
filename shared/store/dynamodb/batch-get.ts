import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';

/** An item as the document client returns it. */
export type StoredItem = Record<string, NativeAttributeValue>;

/** DynamoDB returns at most 100 items per BatchGetItem. */
const BATCH_LIMIT = 100;
const MAX_ROUNDS = 10;

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
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<StoredItem[]> {
  const chunks: ItemKey[][] = [];
  for (let start = 0; start < keys.length; start += BATCH_LIMIT) {
    chunks.push(keys.slice(start, start + BATCH_LIMIT));
  }
  const found = await Promise.all(chunks.map((chunk) => getChunk(client, tableName, chunk, sleep)));
  return found.flat();
}

async function getChunk(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly ItemKey[],
  sleep: (ms: number) => Promise<void>,
): Promise<StoredItem[]> {
  const items: StoredItem[] = [];
  let pending: Record<string, unknown>[] = [...keys];
  for (let round = 0; pending.length > 0; round++) {
    if (round >= MAX_ROUNDS)
      throw new Error(`DynamoDB left ${pending.length} keys unprocessed after ${MAX_ROUNDS} rounds`);
    if (round > 0) await sleep(Math.min(1000, 25 * 2 ** round));
    const out = await client.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
    );
    items.push(...(out.Responses?.[tableName] ?? []));
    pending = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
  }
  return items;
}

/** The item of `items` stored under `key`, if any. */
export function itemAt(items: readonly StoredItem[], key: ItemKey): StoredItem | undefined {
  return items.find((item) => item.pk === key.pk && item.sk === key.sk);
}
