import type { Connection } from '../domain/connection';
import type { ConnectionStore } from '../store/connection-store';

const MAX_ATTEMPTS = 5;

/**
 * Read-modify-write of a connection with optimistic retries: `change` sees the latest state
 * and returns the next one, or undefined to write nothing. Returns what was written.
 */
export async function updateConnection(
  store: ConnectionStore,
  workspaceId: string,
  change: (current: Connection) => Connection | undefined,
): Promise<Connection | undefined> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await store.get(workspaceId);
    const next = change(current);
    if (!next) return undefined;
    if (await store.put(next)) return { ...next, revision: next.revision + 1 };
  }
  throw new Error(`connection of ${workspaceId} kept changing under ${MAX_ATTEMPTS} attempts`);
}
