import { listNotificationsRoute } from '../../shared/contracts/sync';
import { httpRoute } from '../../shared/platform/http';
import { DynamoNotificationStore } from '../../shared/store/dynamodb/notification-store';
import { notificationList } from '../../shared/sync/notification-list';

const notifications = new DynamoNotificationStore();

/** `GET /notifications`, newest first. */
export const handler = httpRoute(listNotificationsRoute, async ({ query, principal }) => ({
  status: 200,
  body: await notificationList({ notifications }, principal.workspaceId, {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  }),
}));
