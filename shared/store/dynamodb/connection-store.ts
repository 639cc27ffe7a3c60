import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Connection, disconnectedConnection, type TokenRef } from '../../domain/connection';
import { dynamoDocumentClient } from '../aws-clients';
import type { ConnectionStore } from '../connection-store';
import { appKeys, appTableName } from './app-table';
import { batchGet, itemAt, type StoredItem } from './batch-get';
import { applied } from './conditional-write';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const WS_PREFIX = 'WS#';

/**
 * Connections in the single table: `WS#<ws>/CONNECTION`, tokens at `WS#<ws>/TOKEN#<id>`, and
 * two reverse indexes kept in the same transaction as the connection: `ADACCOUNT#<act>/WS#<ws>`
 * (picked ad account, for webhooks) and `METAUSER#<id>/WS#<ws>` (login user, for revoke).
 */
export class DynamoConnectionStore implements ConnectionStore {
  async get(workspaceId: string): Promise<Connection> {
    const out = await dynamoDocumentClient().send(
      new GetCommand({
        TableName: appTableName(),
        Key: { pk: appKeys.workspace(workspaceId), sk: appKeys.connection },
        ConsistentRead: true,
      }),
    );
    return toConnection(workspaceId, out.Item);
  }

  async getWithTokens(
    workspaceId: string,
    tokenIds: readonly string[],
  ): Promise<{ connection: Connection; tokens: TokenRef[] }> {
    const pk = appKeys.workspace(workspaceId);
    const connectionKey = { pk, sk: appKeys.connection };
    const tokenKeys = [...new Set(tokenIds)].map((id) => ({ pk, sk: appKeys.token(id) }));
    const items = await batchGet(dynamoDocumentClient(), appTableName(), [connectionKey, ...tokenKeys]);
    return {
      connection: toConnection(workspaceId, itemAt(items, connectionKey)),
      tokens: tokenKeys.flatMap((key) => {
        const item = itemAt(items, key);
        return item ? [toTokenRef(item)] : [];
      }),
    };
  }

  put(next: Connection): Promise<boolean> {
    return this.write(next, []);
  }

  putWithToken(next: Connection, token: TokenRef, replacing: string | undefined): Promise<boolean> {
    return this.write(next, [
      { Put: { TableName: appTableName(), Item: tokenItem(token), ...storedTokenNames(replacing) } },
    ]);
  }

  private async write(next: Connection, alongside: TransactItem[]): Promise<boolean> {
    const previous = await this.get(next.workspaceId);
    if (previous.revision !== next.revision) return false;
    const table = appTableName();
    const items: TransactItem[] = [
      {
        Put: {
          TableName: table,
          Item: {
            pk: appKeys.workspace(next.workspaceId),
            sk: appKeys.connection,
            ...next,
            revision: next.revision + 1,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR revision = :r',
          ExpressionAttributeValues: { ':r': next.revision },
        },
      },
    ];
    const ws = appKeys.workspace(next.workspaceId);
    const indexed = (c: Connection, field: 'adAccountId' | 'metaUserId') =>
      c.status !== 'disconnected' && c[field] !== undefined ? (c[field] as string) : undefined;
    for (const [field, key] of [
      ['adAccountId', appKeys.adAccount],
      ['metaUserId', appKeys.metaUser],
    ] as const) {
      const before = indexed(previous, field);
      const after = indexed(next, field);
      if (before === after) continue;
      if (before !== undefined)
        items.push({ Delete: { TableName: table, Key: { pk: key(before), sk: ws } } });
      if (after !== undefined) {
        items.push({
          Put: { TableName: table, Item: { pk: key(after), sk: ws, workspaceId: next.workspaceId } },
        });
      }
    }
    const wasConnected = previous.status !== 'disconnected';
    const isConnected = next.status !== 'disconnected';
    if (isConnected && !wasConnected)
      items.push({ Put: { TableName: table, Item: connectedIndexItem(next.workspaceId) } });
    if (wasConnected && !isConnected)
      items.push({ Delete: { TableName: table, Key: { pk: appKeys.connectedIndex, sk: ws } } });
    items.push(...alongside);
    return applied(dynamoDocumentClient().send(new TransactWriteCommand({ TransactItems: items })));
  }

  async listTokens(workspaceId: string): Promise<TokenRef[]> {
    const out = await dynamoDocumentClient().send(
      new QueryCommand({
        TableName: appTableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': appKeys.workspace(workspaceId), ':prefix': 'TOKEN#' },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map(toTokenRef);
  }

  async putToken(token: TokenRef): Promise<void> {
    await dynamoDocumentClient().send(
      new PutCommand({
        TableName: appTableName(),
        Item: tokenItem(token),
      }),
    );
  }

  async replaceToken(token: TokenRef): Promise<boolean> {
    return applied(
      dynamoDocumentClient().send(
        new PutCommand({
          TableName: appTableName(),
          Item: tokenItem(token),
          ...storedTokenNames(token.secretId),
        }),
      ),
    );
  }

  async leaseToken(workspaceId: string, tokenId: string, nowMs: number, leaseMs: number): Promise<boolean> {
    return applied(
      dynamoDocumentClient().send(
        new UpdateCommand({
          TableName: appTableName(),
          Key: { pk: appKeys.workspace(workspaceId), sk: appKeys.token(tokenId) },
          UpdateExpression: 'SET refreshLeaseUntil = :until',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(refreshLeaseUntil) OR refreshLeaseUntil < :now)',
          ExpressionAttributeValues: { ':until': nowMs + leaseMs, ':now': nowMs },
        }),
      ),
    );
  }

  moveTokenSecret(
    workspaceId: string,
    tokenId: string,
    fromSecretId: string,
    toSecretId: string,
  ): Promise<boolean> {
    return applied(
      dynamoDocumentClient().send(
        new UpdateCommand({
          TableName: appTableName(),
          Key: { pk: appKeys.workspace(workspaceId), sk: appKeys.token(tokenId) },
          UpdateExpression: 'SET secretId = :to',
          ConditionExpression: 'secretId = :from',
          ExpressionAttributeValues: { ':from': fromSecretId, ':to': toSecretId },
        }),
      ),
    );
  }

  async deleteToken(workspaceId: string, tokenId: string): Promise<void> {
    await dynamoDocumentClient().send(
      new DeleteCommand({
        TableName: appTableName(),
        Key: { pk: appKeys.workspace(workspaceId), sk: appKeys.token(tokenId) },
      }),
    );
  }

  workspacesUsingAdAccount(adAccountId: string): Promise<string[]> {
    return this.reverseIndex(appKeys.adAccount(adAccountId));
  }

  workspacesOfMetaUser(metaUserId: string): Promise<string[]> {
    return this.reverseIndex(appKeys.metaUser(metaUserId));
  }

  /** The sparse index (`CONNECTED/WS#<ws>`): a Query, never a scan of the table. */
  async connectedWorkspaces(): Promise<string[]> {
    await this.backfillConnectedIndexOnce();
    return workspaceIdsOf((start) =>
      dynamoDocumentClient().send(
        new QueryCommand({
          TableName: appTableName(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': appKeys.connectedIndex, ':prefix': WS_PREFIX },
          ProjectionExpression: 'workspaceId',
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
  }

  private backfilled = false;

  /**
   * Connections written before the index existed have no index item: the first periodic job
   * after the deploy scans for them once, adds each one still connected (checked in the same
   * transaction, so a disconnect meanwhile is not undone), then marks the backfill done. A
   * deployed stack converges by itself; every later call reads one small marker item, once
   * per container.
   */
  private async backfillConnectedIndexOnce(): Promise<void> {
    if (this.backfilled) return;
    const table = appTableName();
    const markerKey = { pk: appKeys.connectedIndex, sk: appKeys.connectedIndexBackfilled };
    const marker = await dynamoDocumentClient().send(new GetCommand({ TableName: table, Key: markerKey }));
    if (!marker.Item) {
      for (const workspaceId of await this.scanConnected()) {
        await applied(
          dynamoDocumentClient().send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  ConditionCheck: {
                    TableName: table,
                    Key: { pk: appKeys.workspace(workspaceId), sk: appKeys.connection },
                    ConditionExpression: '#status <> :disconnected',
                    ExpressionAttributeNames: { '#status': 'status' },
                    ExpressionAttributeValues: { ':disconnected': 'disconnected' },
                  },
                },
                { Put: { TableName: table, Item: connectedIndexItem(workspaceId) } },
              ],
            }),
          ),
        );
      }
      await dynamoDocumentClient().send(
        new PutCommand({ TableName: table, Item: { ...markerKey, at: new Date().toISOString() } }),
      );
    }
    this.backfilled = true;
  }

  private scanConnected(): Promise<string[]> {
    return workspaceIdsOf((start) =>
      dynamoDocumentClient().send(
        new ScanCommand({
          TableName: appTableName(),
          FilterExpression: 'sk = :sk AND #status <> :disconnected',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sk': appKeys.connection, ':disconnected': 'disconnected' },
          ProjectionExpression: 'workspaceId',
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
  }

  private async reverseIndex(pk: string): Promise<string[]> {
    const out = await dynamoDocumentClient().send(
      new QueryCommand({
        TableName: appTableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': WS_PREFIX },
      }),
    );
    return (out.Items ?? []).map((i) => String(i.workspaceId));
  }
}

/** A never-connected workspace (no item) reads `disconnected`, generation 0. */
function toConnection(workspaceId: string, item: StoredItem | undefined): Connection {
  if (!item) return disconnectedConnection(workspaceId, new Date(0).toISOString());
  const { pk: _pk, sk: _sk, ...connection } = item;
  return connection as Connection;
}

type StartKey = Record<string, unknown> | undefined;

/** The `workspaceId` of every item of a paged Query or Scan, page after page. */
async function workspaceIdsOf(
  page: (start: StartKey) => Promise<{ Items?: StoredItem[]; LastEvaluatedKey?: StartKey }>,
): Promise<string[]> {
  const found: string[] = [];
  let start: StartKey;
  do {
    const out = await page(start);
    for (const item of out.Items ?? []) found.push(String(item.workspaceId));
    start = out.LastEvaluatedKey;
  } while (start);
  return found;
}

function connectedIndexItem(workspaceId: string): StoredItem {
  return { pk: appKeys.connectedIndex, sk: appKeys.workspace(workspaceId), workspaceId };
}

function tokenItem(token: TokenRef): StoredItem {
  return { pk: appKeys.workspace(token.workspaceId), sk: appKeys.token(token.tokenId), ...token };
}

function toTokenRef(item: StoredItem): TokenRef {
  const { pk: _pk, sk: _sk, ...token } = item;
  return token as TokenRef;
}

let sharedConnectionStore: ConnectionStore | undefined;

/** The one DynamoConnectionStore of the container, for the composition roots (shared/<area>/*-root.ts, roots/). */
export function connectionStore(): ConnectionStore {
  sharedConnectionStore ??= new DynamoConnectionStore();
  return sharedConnectionStore;
}

/** The condition that the stored token names `secretId`, or that no token is stored (undefined). */
function storedTokenNames(secretId: string | undefined) {
  return secretId === undefined
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: 'secretId = :secretId', ExpressionAttributeValues: { ':secretId': secretId } };
}
