import { updateConnection } from '../connect/update-connection';
import type { Connection, PendingSync } from '../domain/connection';
import type { SyncStartDeps } from './sync-deps';

/**
 * Replaces the connection's pending follow-up with `next` (or clears it), only while the one
 * stored still `matches`: of two callers settling the same follow-up, the second changes nothing.
 */
export async function settlePendingSync(
  deps: Pick<SyncStartDeps, 'connections' | 'now'>,
  workspaceId: string,
  matches: (pending: PendingSync) => boolean,
  next?: PendingSync,
): Promise<void> {
  await updateConnection(deps.connections, workspaceId, (current): Connection | undefined => {
    if (!current.nextSync || !matches(current.nextSync)) return undefined;
    const { nextSync: _settled, ...rest } = current;
    return { ...rest, ...(next ? { nextSync: next } : {}), updatedAt: new Date(deps.now()).toISOString() };
  });
}

/** Records that a sync is owed once `pending.after` ends (the latest request wins: it is the strictest). */
export async function recordPendingSync(
  deps: Pick<SyncStartDeps, 'connections' | 'now'>,
  workspaceId: string,
  pending: PendingSync,
): Promise<void> {
  await updateConnection(deps.connections, workspaceId, (current) =>
    current.status === 'disconnected'
      ? undefined
      : { ...current, nextSync: pending, updatedAt: new Date(deps.now()).toISOString() },
  );
}
