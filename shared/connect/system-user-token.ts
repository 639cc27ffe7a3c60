import type { TokenRef } from '../domain/connection';
import { isoFromEpochSeconds } from '../domain/token-lifecycle';
import { errorFields } from '../platform/error-fields';
import { UnprocessableError } from '../platform/errors';
import { logger } from '../platform/observability';
import { tokenSecretName } from '../store/token-vault';
import type { ConnectDeps } from './connect-deps';
import { requireConnection } from './workspace-tokens';

/**
 * Adds a Business Manager system-user token so syncs can read through it too. It must be
 * valid, issued for our app and a system user's; adding the same system user again replaces
 * its token. A sync follows, so the token's assets appear without another click (after the
 * run going, when there is one); a sync that fails to start does not fail the add.
 */
export async function addSystemUserToken(
  deps: ConnectDeps,
  workspaceId: string,
  input: { accessToken: string; label: string },
): Promise<TokenRef> {
  const connection = await requireConnection(deps, workspaceId);
  const info = await deps.meta.debugToken(input.accessToken);
  if (!info.isValid || !info.userId) {
    throw new UnprocessableError('Meta says this token is not valid.', {
      code: 'token_invalid',
      details: { field: 'accessToken' },
    });
  }
  if (info.appId !== deps.settings.appId) {
    throw new UnprocessableError('This token was issued for another Meta app.', {
      code: 'token_app_mismatch',
      details: { field: 'accessToken' },
    });
  }
  if (info.type !== 'SYSTEM_USER') {
    throw new UnprocessableError('Only system-user tokens can be added; user logins go through Connect.', {
      code: 'not_system_user_token',
      details: { field: 'accessToken', type: info.type },
    });
  }
  const tokenId = `su-${info.userId}`;
  const [previous] = (await deps.connections.getWithTokens(workspaceId, [tokenId])).tokens;
  const secretId = await deps.vault.put(tokenSecretName(workspaceId, tokenId), input.accessToken);
  const expiresAt = isoFromEpochSeconds(info.expiresAt);
  const ref: TokenRef = {
    tokenId,
    workspaceId,
    kind: 'system_user',
    label: input.label,
    metaUserId: info.userId,
    secretId,
    scopes: info.scopes,
    ...(info.businessIds ? { businessIds: info.businessIds } : {}),
    ...(expiresAt ? { expiresAt } : {}),
    status: 'active',
    generation: connection.generation,
    createdAt: new Date(deps.now()).toISOString(),
  };
  await deps.connections.putToken(ref);
  if (previous && previous.secretId !== secretId) await deleteReplacedToken(deps, previous);
  await syncForNewToken(deps, workspaceId);
  return ref;
}

/**
 * The same system user added before, its token stored elsewhere (a Secrets Manager secret
 * from before the vault, or moved into the vault under a name of its own): the ref points at
 * the new one now, so the old one goes. The add has succeeded; a failure is only logged.
 */
async function deleteReplacedToken(deps: ConnectDeps, previous: TokenRef): Promise<void> {
  try {
    await deps.vault.delete(previous.secretId);
  } catch (err: unknown) {
    logger.warn('deleting a replaced system-user token failed', {
      workspaceId: previous.workspaceId,
      tokenId: previous.tokenId,
      error: errorFields(err),
    });
  }
}

/**
 * The token is stored, so the add has succeeded whatever the sync start does (409 `sync_busy`,
 * a queue or table error): the failure is logged, and the periodic sync, which lists every
 * token, reads the new one.
 */
async function syncForNewToken(deps: ConnectDeps, workspaceId: string): Promise<void> {
  try {
    await deps.startSyncForNewToken(workspaceId);
  } catch (err: unknown) {
    logger.warn('sync after an added token did not start; the periodic sync reads the token', {
      workspaceId,
      error: errorFields(err),
    });
  }
}
