import type { Connection, TokenRef } from '../domain/connection';
import { confirmDecision, openPendingToken, type PendingLogin } from '../domain/pending-login';
import { declinedScopes } from '../domain/token-lifecycle';
import type { Principal } from '../platform/auth';
import { errorFields } from '../platform/error-fields';
import { ForbiddenError, NotFoundError, StoreThrottledError } from '../platform/errors';
import { logger } from '../platform/observability';
import { tokenSecretName } from '../store/token-vault';
import { LOGIN_TOKEN_ID } from './complete-connect';
import type { ConnectDeps } from './connect-deps';

/**
 * Confirms a finished login as the signed-in user (`POST /integrations/meta/confirm`). The
 * completion is consumed first, so it works once whatever the outcome. Only the workspace and
 * `sub` that started the login connect: the held token becomes the workspace's login token
 * and the first sync starts. Anyone else → 403 `connect_not_yours`, and the token is revoked
 * at Meta unless a connected workspace holds that Meta user; unknown, used, expired or voided
 * by a disconnect since it started → 404; either way the consumed record, and the token
 * sealed in it, are gone.
 */
export async function confirmConnect(
  deps: ConnectDeps,
  principal: Principal,
  completion: string,
): Promise<Connection> {
  const pending = await deps.pendingLogins.consume(completion);
  if (!pending) throw completionNotFound();
  const decision = confirmDecision(pending, principal, Math.floor(deps.now() / 1000));
  if (decision === 'expired') throw completionNotFound();
  if (decision === 'not_yours') {
    // Someone else finished this login (a forwarded link): the token is theirs, not ours to keep.
    logger.warn('login confirmed by another user; pending token dropped', {
      startedInWorkspace: pending.workspaceId,
    });
    await revokeUnclaimedLogin(deps, pending, () =>
      openPendingToken(completion, pending, pending.sealedToken),
    );
    throw new ForbiddenError('This login was started by someone else; start Connect yourself.', {
      code: 'connect_not_yours',
    });
  }
  return connectWithLogin(deps, pending, openPendingToken(completion, pending, pending.sealedToken));
}

/**
 * A login nobody may confirm still authorises our app on that person's Meta account: revoke
 * it, unless a connected workspace holds a token of the same Meta user (revoking is per user
 * and app, so it would kill theirs too). A Meta failure is logged; the refusal stands.
 */
async function revokeUnclaimedLogin(
  deps: ConnectDeps,
  pending: PendingLogin,
  openToken: () => string,
): Promise<void> {
  try {
    if ((await deps.connections.workspacesOfMetaUser(pending.metaUserId)).length > 0) return;
    await deps.meta.revokePermissions(openToken());
  } catch (err: unknown) {
    logger.warn('revoking an unclaimed login at Meta failed', { error: errorFields(err) });
  }
}

/**
 * The held token becomes the login token (reconnecting replaces it), then the connection. A
 * login voided by a disconnect writes nothing. The token goes into a secret of its own, and
 * the token record is switched to it only in the same conditional write as the connection:
 * a confirm overtaken by a disconnect deletes only that secret, never the live login's.
 */
async function connectWithLogin(
  deps: ConnectDeps,
  pending: PendingLogin,
  accessToken: string,
): Promise<Connection> {
  const { workspaceId } = pending;
  if ((await deps.connections.get(workspaceId)).generation !== pending.generation) throw completionNotFound();

  const secretId = await deps.vault.put(
    tokenSecretName(workspaceId, `${LOGIN_TOKEN_ID}-${deps.newId()}`),
    accessToken,
  );
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

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { connection: current, tokens } = await deps.connections.getWithTokens(workspaceId, [
      LOGIN_TOKEN_ID,
    ]);
    if (current.generation !== pending.generation) {
      // A disconnect landed while this call wrote: only the secret written here is ours to delete.
      await deps.vault.delete(secretId);
      throw completionNotFound();
    }
    const next: Connection = {
      ...current,
      status: 'connected',
      metaUserId: pending.metaUserId,
      scopes: pending.scopes,
      declinedScopes: declinedScopes(pending.scopes),
      connectedAt: nowIso,
      connectedBy: pending.sub,
      updatedAt: nowIso,
    };
    const replaced = tokens[0];
    if (!(await notThrottled(deps.connections.putWithToken(next, token, replaced?.secretId)))) continue;
    if (replaced && replaced.secretId !== secretId) await deleteReplacedSecret(deps, replaced.secretId);
    await deps.startSync({ workspaceId, trigger: 'connect' });
    return { ...next, revision: next.revision + 1 };
  }
  await deps.vault.delete(secretId);
  throw new Error(`connection of ${workspaceId} kept changing under ${MAX_ATTEMPTS} attempts`);
}

const MAX_ATTEMPTS = 5;

/** A transaction DynamoDB refused for throughput or a conflict did not apply: read and try again. */
async function notThrottled(write: Promise<boolean>): Promise<boolean> {
  try {
    return await write;
  } catch (err: unknown) {
    if (err instanceof StoreThrottledError) return false;
    throw err;
  }
}

/** The previous login's secret; the connection is made, so a failure here is only logged. */
async function deleteReplacedSecret(deps: ConnectDeps, secretId: string): Promise<void> {
  try {
    await deps.vault.delete(secretId);
  } catch (err: unknown) {
    logger.warn('deleting a replaced login secret failed', { error: errorFields(err) });
  }
}

function completionNotFound(): NotFoundError {
  return new NotFoundError(
    'This login completion is unknown, already used, expired or voided by a disconnect; connect again.',
  );
}
