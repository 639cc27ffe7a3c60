import type { ConnectionStore } from '../store/connection-store';
import type { NotificationStore } from '../store/notification-store';
import type { OAuthStateStore } from '../store/oauth-state-store';
import type { PendingLoginStore } from '../store/pending-login-store';
import type { TokenVault } from '../store/token-vault';
import type { MetaLoginApi } from './meta-login-api';

export interface ConnectSettings {
  appId: string;
  /** Keys the OAuth state's signature. */
  stateKey: string;
  dialogUrl: string;
  graphVersion: string;
  /** Where the callback sends the browser back (`DASHBOARD_URL`). */
  dashboardUrl: string;
  /** The OAuth `redirect_uri`, from `API_BASE_URL` (shared/connect/callback-url.ts). */
  redirectUri: string;
}

/** Everything the connect flow touches, injected so the flow itself stays testable. */
export interface ConnectDeps {
  connections: ConnectionStore;
  states: OAuthStateStore;
  pendingLogins: PendingLoginStore;
  vault: TokenVault;
  /**
   * True for a token still stored as before the envelope vault (a Secrets Manager secret):
   * the hourly refresh moves it into the vault (move-token.ts).
   */
  isLegacyTokenSecret: (secretId: string) => boolean;
  notifications: NotificationStore;
  meta: MetaLoginApi;
  /** Starts the first asset sync after a connection; the sync capability provides it. */
  startSync: (input: { workspaceId: string; trigger: 'connect' }) => Promise<unknown>;
  /** Syncs after a token was added: now, or after the run going (see startSyncForNewToken). */
  startSyncForNewToken: (workspaceId: string) => Promise<unknown>;
  settings: ConnectSettings;
  now: () => number;
  newId: () => string;
}

/**
 * What a Facebook Login takes before it is confirmed (starting Connect, the OAuth callback):
 * no vault, since the held token is sealed in its pending record, so these functions carry
 * neither the Encryption SDK nor any token access.
 */
export type ConnectLoginDeps = Omit<ConnectDeps, 'vault' | 'isLegacyTokenSecret'>;
