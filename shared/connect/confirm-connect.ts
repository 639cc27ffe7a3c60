import type { Connection, TokenRef } from '../domain/connection';
import { confirmDecision, openPendingToken, type PendingLogin } from '../domain/pending-login';
import { declinedScopes } from '../domain/token-lifecycle';
import type { Principal } from '../platform/auth';
import { ConflictError, ForbiddenError, NotFoundError } from '../platform/errors';
import { logger } from '../platform/observability';
import { tokenSecretName } from '../store/token-vault';
import { LOGIN_TOKEN_ID } from './complete-connect';
import type { ConnectDeps } from './connect-deps';
import { updateConnection } from './update-connection';

/**
 * Confirms a finished login as the signed-in user (`POST /integrations/meta/confirm`). The
 * completion is consumed first, so it works once whatever the outcome. Only the workspace and
 * `sub` that started the login connect: the held token becomes the workspace's login token
 * and the first sync starts. Anyone else → 403 `connect_not_yours`; unknown, used or expired
 * → 404; either way the consumed record, and the token sealed in it, are gone.
 */
export async function confirmConnect(
  deps: ConnectDeps,
  principal: Principal,
  completion: string,
): Promise<Connection> {
  const pending = await deps.pendingLogins.consume(completion);
  if (!pending) throw completionNotFound();
  const decision = confirmDecision(pending, principal, Math.floor(deps.now() / 1000));
  if (decision !== 'yours') {
    if (decision === 'expired') throw completionNotFound();
    // Someone else finished this login (a forwarded link): the token is theirs, not ours to keep.
    logger.warn('login confirmed by another user; pending token dropped', {
      startedInWorkspace: pending.workspaceId,
    });
    throw new ForbiddenError('This login was started by someone else; start Connect yourself.', {
      code: 'connect_not_yours',
    });
  }
  return connectWithLogin(deps, pending, openPendingToken(completion, pending, pending.sealedToken));
}

/** The held token becomes the login token (reconnecting replaces it), then the connection. */
async function connectWithLogin(
  deps: ConnectDeps,
  pending: PendingLogin,
  accessToken: string,
): Promise<Connection> {
  const { workspaceId } = pending;
  const secretId = await deps.vault.put(tokenSecretName(workspaceId, LOGIN_TOKEN_ID), accessToken);
  const nowIso = new Date(deps.now()).toISOString();
  const token: TokenRef = {
    tokenId: LOGIN_TOKEN_ID,
    workspaceId,
    kind: 'user',
    label: 'Facebook login',
    metaUserId: pending.metaUserId,
    secretId,
    scopes: pending.scopes,
    ...(pending.tokenExpiresAt ? { expiresAt: pending.tokenExpiresAt } : {}),
    ...(pending.dataAccessExpiresAt ? { dataAccessExpiresAt: pending.dataAccessExpiresAt } : {}),
    status: 'active',
    generation: pending.generation,
    createdAt: nowIso,
  };
  await deps.connections.putToken(token);

  const written = await updateConnection(deps.connections, workspaceId, (current): Connection | undefined => {
    // A disconnect that landed since the login started wins; the token is cleaned below.
    if (current.generation !== pending.generation) return undefined;
    return {
      ...current,
      status: 'connected',
      metaUserId: pending.metaUserId,
      scopes: pending.scopes,
      declinedScopes: declinedScopes(pending.scopes),
      connectedAt: nowIso,
      connectedBy: pending.sub,
      updatedAt: nowIso,
    };
  });
  if (!written) {
    await deps.vault.delete(secretId);
    await deps.connections.deleteToken(workspaceId, LOGIN_TOKEN_ID);
    throw new ConflictError('The workspace was disconnected while this login ran; connect again.', {
      code: 'disconnected_meanwhile',
    });
  }
  await deps.startSync({ workspaceId, trigger: 'connect' });
  return written;
}

function completionNotFound(): NotFoundError {
  return new NotFoundError('This login completion is unknown, already used or expired; connect again.');
}
