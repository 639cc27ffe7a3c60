import type { Notification } from '../domain/notification';

export interface NotificationPage {
  items: Notification[];
  nextCursor?: string;
}

/** In-app notifications per workspace, listed newest first. */
export interface NotificationStore {
  add(notification: Notification): Promise<void>;
  list(workspaceId: string, options: { limit: number; cursor?: string }): Promise<NotificationPage>;
}
