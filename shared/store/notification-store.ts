import type { Notification } from '../domain/notification';

export interface NotificationPage {
  items: Notification[];
  nextCursor?: string;
}

/** In-app notifications per workspace, listed newest first. */
export interface NotificationStore {
  add(notification: Notification): Promise<void>;
  /**
   * Adds it unless a notification with its id was added once before (a conditional write):
   * a deterministic id makes a repeated detection notify once. Whether it was added now.
   */
  addOnce(notification: Notification): Promise<boolean>;
  list(workspaceId: string, options: { limit: number; cursor?: string }): Promise<NotificationPage>;
}
