/** An in-app notification shown to a workspace, newest first. */
export type NotificationKind =
  | 'sync_succeeded'
  | 'sync_partial'
  | 'sync_failed'
  | 'reconnect_required'
  | 'ad_status_changed'
  | 'ad_disapproved'
  | 'account_status_changed'
  | 'disconnected';

export interface Notification {
  id: string;
  workspaceId: string;
  kind: NotificationKind;
  title: string;
  message: string;
  at: string;
  /** Kind-specific fields, e.g. found/added/updated/removed for syncs. */
  data?: Record<string, unknown>;
}
