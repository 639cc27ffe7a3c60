import { notificationStore } from '../../store/dynamodb/notification-store';
import type { NotificationStore } from '../../store/notification-store';

/** The sync area's root for `GET /notifications`: one file per read-only GET, so its bundle holds one store. */
export function notificationReadDeps(): { notifications: NotificationStore } {
  return { notifications: notificationStore() };
}
