import type { ConnectionStore } from '../../store/connection-store';
import { connectionStore } from '../../store/dynamodb/connection-store';

/** The connect area's root for `GET /meta/connection`: its bundle holds one store. */
export function connectionReadDeps(): { connections: ConnectionStore } {
  return { connections: connectionStore() };
}
