import type { Connection, TokenRef } from '../domain/connection';
import { verifyOAuthState } from '../domain/oauth-state';
import { declinedScopes, hasEssentialScopes, isoFromEpochSeconds } from '../domain/token-lifecycle';
import { MetaError } from '../platform/errors';
import { logger } from '../platform/observability';
import { tokenSecretName } from '../store/token-vault';
import type { ConnectDeps } from './connect-deps';
import { updateConnection } from './update-connection';

/** The login token of a workspace has a fixed id: reconnecting replaces it. */
export const LOGIN_TOKEN_ID = 'login';

export type CallbackInput =
  | { code: string; state: string }
  | { error: string; errorReason?: string; state?: string }
  | { state?: string };

export type CallbackOutcome =
  | { status: 'connected'; workspaceId: string }
  | { status: 'error'; reason: CallbackErrorReason; workspaceId?: string };

export type CallbackErrorReason =
  | 'invalid_state'
  | 'expired_state'
  | 'replayed_state'
  | 'access_denied'
  | 'missing_code'
  | 'disconnected_meanwhile'
  | 'token_exchange_failed'
  | 'token_invalid'
  | 'app_mismatch'
  | 'missing_scopes';

/**
 * Finishes a login: the state must be genuine, fresh and unused; then the code becomes a
 * long-lived token, checked with debug_token, stored in the vault, and the workspace is
 * connected (or reconnected in place) and its first sync started.
 */
export async function completeConnect(
  deps: ConnectDeps,
  input: CallbackInput,
  redirectUri: string,
): Promise<CallbackOutcome> {
  if (!input.state) return { status: 'error', reason: 'invalid_state' };
  const check = verifyOAuthState(input.state, deps.settings.stateKey, Math.floor(deps.now() / 1000));
  if (!check.ok) return { status: 'error', reason: check.reason };
  const { payload } = check;
  const pending = await deps.states.consume(payload.nonce);
  if (!pending) return { status: 'error', reason: 'replayed_state', workspaceId: payload.workspaceId };
  const fail = (reason: CallbackErrorReason): CallbackOutcome => ({
    status: 'error',
    reason,
    workspaceId: payload.workspaceId,
  });
  if ('error' in input) return fail('access_denied');
  if (!('code' in input)) return fail('missing_code');

  const before = await deps.connections.get(payload.workspaceId);
  if (before.generation !== payload.generation) return fail('disconnected_meanwhile');

  let longLived: { accessToken: string; expiresIn?: number };
  try {
    const shortLived = await deps.meta.exchangeCode(input.code, redirectUri);
    longLived = await deps.meta.exchangeForLongLived(shortLived.accessToken);
  } catch (err: unknown) {
    if (!(err instanceof MetaError)) throw err;
    logger.warn('code exchange failed', { code: err.code, metaCode: err.graph.code });
    return fail('token_exchange_failed');
  }
  const info = await deps.meta.debugToken(longLived.accessToken);
  if (!info.isValid || !info.userId) return fail('token_invalid');
  if (info.appId !== deps.settings.appId) return fail('app_mismatch');
  if (!hasEssentialScopes(info.scopes)) return fail('missing_scopes');

  const nowIso = new Date(deps.now()).toISOString();
  const secretId = await deps.vault.put(
    tokenSecretName(payload.workspaceId, LOGIN_TOKEN_ID),
    longLived.accessToken,
  );
  const expiresAt =
    isoFromEpochSeconds(info.expiresAt) ??
    (longLived.expiresIn ? new Date(deps.now() + longLived.expiresIn * 1000).toISOString() : undefined);
  const token: TokenRef = {
    tokenId: LOGIN_TOKEN_ID,
    workspaceId: payload.workspaceId,
    kind: 'user',
    label: 'Facebook login',
    metaUserId: info.userId,
    secretId,
    scopes: info.scopes,
    ...(expiresAt ? { expiresAt } : {}),
    ...(info.dataAccessExpiresAt
      ? { dataAccessExpiresAt: isoFromEpochSeconds(info.dataAccessExpiresAt) }
      : {}),
    status: 'active',
    generation: payload.generation,
    createdAt: nowIso,
  };
  await deps.connections.putToken(token);

  const written = await updateConnection(
    deps.connections,
    payload.workspaceId,
    (current): Connection | undefined => {
      // A disconnect that landed while we exchanged the code wins; the token is cleaned below.
      if (current.generation !== payload.generation) return undefined;
      return {
        ...current,
        status: 'connected',
        metaUserId: info.userId,
        scopes: info.scopes,
        declinedScopes: declinedScopes(info.scopes),
        connectedAt: nowIso,
        connectedBy: payload.sub,
        updatedAt: nowIso,
      };
    },
  );
  if (!written) {
    await deps.vault.delete(secretId);
    await deps.connections.deleteToken(payload.workspaceId, LOGIN_TOKEN_ID);
    return fail('disconnected_meanwhile');
  }
  await deps.startSync({ workspaceId: payload.workspaceId, trigger: 'connect' });
  return { status: 'connected', workspaceId: payload.workspaceId };
}
