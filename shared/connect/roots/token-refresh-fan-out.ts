import { queues } from '../../../infra/resources';
import { resourceName } from '../../platform/config';
import type { ConnectionStore } from '../../store/connection-store';
import { connectionStore } from '../../store/dynamodb/connection-store';
import { sendJsonBatch } from '../../store/queue';
import type { RefreshRequest } from '../refresh-tokens';

export interface TokenRefreshFanOutDeps {
  connections: ConnectionStore;
  /** Queues the refresh requests on the manifest's `tokenRefresh` queue. */
  sendAll: (requests: readonly RefreshRequest[]) => Promise<void>;
}

/** The connect area's root for the hourly refresh schedule (no Meta, no secrets). */
export function tokenRefreshFanOutDeps(): TokenRefreshFanOutDeps {
  return {
    connections: connectionStore(),
    sendAll: (requests) => sendJsonBatch(resourceName(queues.tokenRefresh.envVar), requests),
  };
}
