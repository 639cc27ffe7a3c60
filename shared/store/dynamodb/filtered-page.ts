import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredItem } from './batch-get';

/** A FilterExpression with its placeholders. */
export interface ItemFilter {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/** Which sort keys of the partition: those under a prefix, or those between two keys inclusive. */
export type SortKeyRange =
  | { skPrefix: string; skBetween?: never }
  | { skBetween: { low: string; high: string }; skPrefix?: never };

export type PageQuery = SortKeyRange & {
  client: DynamoDBDocumentClient;
  tableName: string;
  pk: string;
  limit: number;
  /** Where the previous page stopped (a decoded cursor). */
  startKey?: Record<string, unknown>;
  filter?: ItemFilter;
  /** @default true (ascending sk); false lists newest first for time-prefixed keys */
  forward?: boolean;
};

export interface ItemPage {
  items: StoredItem[];
  /** The key of the last item returned, when more items may follow. */
  lastKey?: { pk: string; sk: string };
}

/**
 * Items a filtered query evaluates per request: DynamoDB applies `Limit` before the filter,
 * so reading only as many as still wanted would cost a round trip per rare match.
 */
const FILTERED_READ = 200;

/**
 * One page of a partition's items under `skPrefix` (or `skBetween`), `limit` items long unless the partition
 * ends first. A filter keeps reading until the page is full; the page ends on the last item
 * it returns (not DynamoDB's LastEvaluatedKey, which may lie past matches read but not
 * returned), so the next page starts right after it.
 * @example const page = await queryPage({ client, tableName, pk, skPrefix: 'AUDIT#', limit: 50, forward: false });
 */
export async function queryPage(query: PageQuery): Promise<ItemPage> {
  const items: StoredItem[] = [];
  let start = query.startKey;
  let more = false;
  while (items.length < query.limit) {
    const wanted = query.limit - items.length;
    const out = await query.client.send(
      new QueryCommand({
        TableName: query.tableName,
        ...sortKeyCondition(query),
        ExpressionAttributeValues: { ':pk': query.pk, ...sortKeyValues(query), ...query.filter?.values },
        ...(query.filter
          ? { FilterExpression: query.filter.expression, ExpressionAttributeNames: query.filter.names }
          : {}),
        ScanIndexForward: query.forward ?? true,
        ConsistentRead: true,
        Limit: query.filter ? Math.max(wanted, FILTERED_READ) : wanted,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const found = out.Items ?? [];
    items.push(...found.slice(0, wanted));
    start = out.LastEvaluatedKey;
    more = found.length > wanted || start !== undefined;
    if (!start) break;
  }
  const last = items.at(-1);
  return {
    items,
    ...(more && last ? { lastKey: { pk: String(last.pk), sk: String(last.sk) } } : {}),
  };
}

function sortKeyCondition(range: SortKeyRange): { KeyConditionExpression: string } {
  return {
    KeyConditionExpression: range.skBetween
      ? 'pk = :pk AND sk BETWEEN :skLow AND :skHigh'
      : 'pk = :pk AND begins_with(sk, :skPrefix)',
  };
}

function sortKeyValues(range: SortKeyRange): Record<string, string> {
  return range.skBetween
    ? { ':skLow': range.skBetween.low, ':skHigh': range.skBetween.high }
    : { ':skPrefix': range.skPrefix };
}
