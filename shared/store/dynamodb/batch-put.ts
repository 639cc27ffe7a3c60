import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chunksOf } from '../../platform/chunks-of';
import { type Sleep, sleepFor, untilProcessed } from './unprocessed';

/** DynamoDB takes at most 25 puts per BatchWriteItem. */
const BATCH_LIMIT = 25;

export interface BatchPutOptions {
  /** BatchWrites in flight at once: 4–16 keeps DynamoDB busy without a throttling storm. @default 12 */
  concurrency?: number;
  /** @default a timer */
  sleep?: Sleep;
}

/**
 * Puts many whole items with concurrent BatchWriteItem calls, re-sending what DynamoDB
 * leaves unprocessed (throttling) with a growing pause. Puts replace items, so a repeat of
 * the same call converges to the same table.
 */
export async function batchPut(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  options: BatchPutOptions = {},
): Promise<void> {
  await batchWrite(
    client,
    tableName,
    items.map((Item) => ({ PutRequest: { Item } })),
    options,
  );
}

/** Deletes many items by key, as {@link batchPut} puts them; a missing item is no error. */
export async function batchDelete(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly { pk: string; sk: string }[],
  options: BatchPutOptions = {},
): Promise<void> {
  await batchWrite(
    client,
    tableName,
    keys.map((Key) => ({ DeleteRequest: { Key } })),
    options,
  );
}

type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> }; DeleteRequest?: never }
  | { DeleteRequest: { Key: Record<string, unknown> }; PutRequest?: never };

async function batchWrite(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
  options: BatchPutOptions,
): Promise<void> {
  const sleep = options.sleep ?? sleepFor;
  const batches = chunksOf(requests, BATCH_LIMIT);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < batches.length; index = next++) {
      await writeBatch(client, tableName, batches[index] ?? [], sleep);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 12, batches.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function writeBatch(
  client: DynamoDBDocumentClient,
  tableName: string,
  batch: WriteRequest[],
  sleep: Sleep,
): Promise<void> {
  return untilProcessed(
    batch,
    async (pending) => {
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      return (out.UnprocessedItems?.[tableName] ?? []).flatMap((request): WriteRequest[] => {
        if (request.PutRequest?.Item) return [{ PutRequest: { Item: request.PutRequest.Item } }];
        if (request.DeleteRequest?.Key) return [{ DeleteRequest: { Key: request.DeleteRequest.Key } }];
        return [];
      });
    },
    'writes',
    sleep,
  );
}
