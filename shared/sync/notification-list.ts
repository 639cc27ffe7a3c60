import type { NotificationView } from '../contracts/sync';
import type { Notification } from '../domain/notification';
import type { NotificationStore } from '../store/notification-store';

const COUNT_FIELDS = ['found', 'added', 'updated', 'removed'] as const;

/**
 * `GET /notifications`, newest first. Sync results carry their counts at the top level too,
 * so a list can show them without knowing each kind's data.
 */
export async function notificationList(
  deps: { notifications: NotificationStore },
  workspaceId: string,
  query: { limit: number; cursor?: string },
): Promise<{ items: NotificationView[]; nextCursor?: string }> {
  const page = await deps.notifications.list(workspaceId, query);
  return {
    items: page.items.map(notificationView),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

function notificationView(notification: Notification): NotificationView {
  const { workspaceId: _ws, ...view } = notification;
  const counts: Record<string, number> = {};
  for (const field of COUNT_FIELDS) {
    const value = notification.data?.[field];
    if (typeof value === 'number') counts[field] = value;
  }
  return { ...view, ...counts };
}
