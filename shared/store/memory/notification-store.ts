import type { Notification } from '../../domain/notification';
import type { NotificationPage, NotificationStore } from '../notification-store';

export class InMemoryNotificationStore implements NotificationStore {
  readonly items: Notification[] = [];

  async add(notification: Notification): Promise<void> {
    this.items.push(structuredClone(notification));
  }

  async addOnce(notification: Notification): Promise<boolean> {
    if (this.items.some((n) => n.workspaceId === notification.workspaceId && n.id === notification.id))
      return false;
    await this.add(notification);
    return true;
  }

  async list(workspaceId: string, options: { limit: number; cursor?: string }): Promise<NotificationPage> {
    const mine = this.items
      .filter((n) => n.workspaceId === workspaceId)
      .sort((a, b) => b.at.localeCompare(a.at));
    const start = options.cursor ? Number(options.cursor) : 0;
    const items = mine.slice(start, start + options.limit);
    const next = start + options.limit;
    return { items, ...(next < mine.length ? { nextCursor: String(next) } : {}) };
  }
}
