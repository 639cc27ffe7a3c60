import type { GraphClient } from '../meta/graph-client';
import type { AssetStore } from '../store/asset-store';
import type { ConnectionStore } from '../store/connection-store';
import type { NotificationStore } from '../store/notification-store';
import type { SyncRunStore } from '../store/sync-run-store';
import type { TokenVault } from '../store/token-vault';
import type { SyncMessage } from './sync-messages';

/** The `syncTasks` queue. */
export interface SyncQueue {
  /** Sends one message (a run's planning). */
  send(message: SyncMessage): Promise<void>;
  /** Sends many at once (a run's fan-out): resolves when the queue holds every one. */
  sendAll(messages: readonly SyncMessage[]): Promise<void>;
}

/** What starting a run needs: no Meta, so the API answers at once. */
export interface SyncStartDeps {
  connections: ConnectionStore;
  runs: SyncRunStore;
  queue: SyncQueue;
  now: () => number;
  /** A short random suffix for run ids. */
  randomSuffix: () => string;
}

/** What planning, reading and concluding need. */
export interface SyncWorkDeps extends SyncStartDeps {
  vault: TokenVault;
  assets: AssetStore;
  notifications: NotificationStore;
  graph: GraphClient;
}
