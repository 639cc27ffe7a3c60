import { PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Notification } from '../../domain/notification';
import { dynamoDocumentClient } from '../aws-clients';
import type { NotificationPage, NotificationStore } from '../notification-store';
import { appKeys, appTableName } from './app-table';
import { applied } from './conditional-write';
import { decodeCursor, encodeCursor } from './cursor';

/** Kept 90 days. */
const TTL_SECONDS = 90 * 24 * 3600;

export class DynamoNotificationStore implements NotificationStore {
  async add(n: Notification): Promise<void> {
    await dynamoDocumentClient().send(new PutCommand(notificationPut(n)));
  }

  async addOnce(n: Notification): Promise<boolean> {
    const put = notificationPut(n);
    // The marker and the notification in one transaction: never one without the other.
    return applied(
      dynamoDocumentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: put.TableName,
                Item: { pk: put.Item.pk, sk: appKeys.notificationOnce(n.id), ttl: put.Item.ttl },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: put },
          ],
        }),
      ),
    );
  }

  async list(workspaceId: string, options: { limit: number; cursor?: string }): Promise<NotificationPage> {
    const out = await dynamoDocumentClient().send(
      new QueryCommand({
        TableName: appTableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': appKeys.workspace(workspaceId), ':prefix': 'NOTIF#' },
        ScanIndexForward: false,
        Limit: options.limit,
        ...(options.cursor ? { ExclusiveStartKey: decodeCursor(options.cursor, workspaceId) } : {}),
      }),
    );
    const items = (out.Items ?? []).map(({ pk: _pk, sk: _sk, ttl: _ttl, ...n }) => n as Notification);
    return {
      items,
      ...(out.LastEvaluatedKey ? { nextCursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }
}

function notificationPut(n: Notification) {
  return {
    TableName: appTableName(),
    Item: {
      pk: appKeys.workspace(n.workspaceId),
      sk: appKeys.notification(n.at, n.id),
      ...n,
      ttl: Math.floor(Date.parse(n.at) / 1000) + TTL_SECONDS,
    },
  };
}

let sharedNotificationStore: NotificationStore | undefined;

/** The one DynamoNotificationStore of the container, for the composition roots (shared/<area>/*-root.ts, roots/). */
export function notificationStore(): NotificationStore {
  sharedNotificationStore ??= new DynamoNotificationStore();
  return sharedNotificationStore;
}
