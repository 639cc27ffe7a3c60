import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { mergeShardPages } from '../../domain/shard-merge';
import type { StoredItem } from './batch-get';
import { type ItemFilter, queryPage, type SortKeyRange } from './filtered-page';

export type ShardedPageQuery = SortKeyRange & {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The shards' partition keys, then the collection's old single key (read while items remain there). */
  pks: readonly string[];
  limit: number;
  /** The sort key the previous page ended on: every shard resumes after it. */
  afterSk?: string;
  filter?: ItemFilter;
  forward?: boolean;
};

/**
 * One page of a collection spread over several partition keys, in sort-key order as if it were
 * one partition: every key is read for `limit` items after `afterSk` at once, and the pages are
 * merged. The page ends on the sort key of its last item (`lastSk`), which is all a cursor needs.
 * @example const page = await queryShards({ client, tableName, pks, skPrefix: 'ASSET#pages#', limit: 50 });
 */
export async function queryShards(
  query: ShardedPageQuery,
): Promise<{ items: StoredItem[]; lastSk?: string }> {
  const pages = await Promise.all(
    query.pks.map(async (pk) => {
      const { afterSk } = query;
      const page = await queryPage({
        ...query,
        pk,
        ...(afterSk !== undefined ? { startKey: { pk, sk: afterSk } } : {}),
      });
      return { items: page.items, more: page.lastKey !== undefined };
    }),
  );
  const merged = mergeShardPages(pages, query.limit, (item) => String(item.sk), query.forward ?? true);
  const last = merged.items.at(-1);
  return { items: merged.items, ...(merged.more && last ? { lastSk: String(last.sk) } : {}) };
}

/**
 * Every item under `skPrefix` of each partition key, strongly consistent, in sort-key order; an
 * item found under two keys (moved, its old copy not yet deleted) once, from the earlier key.
 */
export async function queryAllShards(query: {
  client: DynamoDBDocumentClient;
  tableName: string;
  pks: readonly string[];
  skPrefix: string;
}): Promise<StoredItem[]> {
  const perKey = await Promise.all(
    query.pks.map((pk) => queryWholePartition(query.client, query.tableName, pk, query.skPrefix)),
  );
  const merged = mergeShardPages(
    perKey.map((items) => ({ items, more: false })),
    Number.POSITIVE_INFINITY,
    (item) => String(item.sk),
  );
  return merged.items;
}

/** Every item of one partition key under `skPrefix`. */
export async function queryWholePartition(
  client: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  skPrefix: string,
): Promise<StoredItem[]> {
  const items: StoredItem[] = [];
  let start: QueryCommandOutput['LastEvaluatedKey'];
  do {
    const out: QueryCommandOutput = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
