/** An in-app notification shown to a workspace, newest first. */
export type NotificationKind =
  | 'sync_succeeded'
  | 'sync_partial'
  | 'sync_failed'
  | 'reconnect_required'
  | 'ad_status_changed'
  | 'ad_disapproved'
  | 'account_status_changed'
  | 'disconnected'
  /** Measured spend passed a cap of `/controls` (the spend guard). */
  | 'spend_cap_breached'
  /** The spend guard could not pause a campaign that passed a cap. */
  | 'spend_guard_pause_failed';

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
