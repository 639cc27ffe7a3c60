import { LOGIN_TOKEN_ID } from '../connect/complete-connect';
import { updateConnection } from '../connect/update-connection';
import { logger } from '../platform/observability';
import type { SyncWorkDeps } from './sync-deps';

/**
 * Meta refused a token as invalid (revoked, expired, password changed) during a sync: its
 * TokenRef is retired so no later work tries it, and when it is the login token the
 * connection reads `needs_reauth` and the workspace is asked to reconnect.
 */
export async function invalidateToken(
  deps: Pick<SyncWorkDeps, 'connections' | 'notifications' | 'now'>,
  workspaceId: string,
  tokenId: string,
  generation: number,
): Promise<void> {
  const ref = (await deps.connections.listTokens(workspaceId)).find((t) => t.tokenId === tokenId);
  if (ref?.status !== 'active' || ref.generation !== generation) return;
  logger.warn('Meta refused a token during a sync; retiring it', { workspaceId, tokenId });
  if (!(await deps.connections.replaceToken({ ...ref, status: 'invalid' }))) return;
  if (tokenId !== LOGIN_TOKEN_ID) return;
  const at = new Date(deps.now()).toISOString();
  const written = await updateConnection(deps.connections, workspaceId, (current) =>
    current.generation === generation && current.status === 'connected'
      ? { ...current, status: 'needs_reauth', updatedAt: at }
      : undefined,
  );
  if (!written) return;
  await deps.notifications.add({
    id: `reauth-${generation}-${tokenId}`,
    workspaceId,
    kind: 'reconnect_required',
    title: 'Reconnect Meta Ads',
    message: 'Meta no longer accepts the Facebook login of this workspace. Click Connect to sign in again.',
    at,
  });
}
