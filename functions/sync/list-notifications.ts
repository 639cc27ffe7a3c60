import { listNotificationsRoute } from '../../shared/contracts/sync';
import { httpRoute } from '../../shared/platform/http';
import { notificationList } from '../../shared/sync/notification-list';
import { notificationReadDeps } from '../../shared/sync/roots/notification-reads';

/** `GET /notifications`, newest first. */
export const handler = httpRoute(listNotificationsRoute, async ({ query, principal }) => ({
  status: 200,
  body: await notificationList(notificationReadDeps(), principal.workspaceId, {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  }),
}));
