import { verifyOAuthState } from '../domain/oauth-state';
import { newCompletionId, PENDING_LOGIN_TTL_SECONDS, sealPendingToken } from '../domain/pending-login';
import { hasEssentialScopes, isoFromEpochSeconds } from '../domain/token-lifecycle';
import { MetaError } from '../platform/errors';
import { logger } from '../platform/observability';
import type { ConnectLoginDeps } from './connect-deps';

/** The login token of a workspace has a fixed id: reconnecting replaces it. */
export const LOGIN_TOKEN_ID = 'login';

export type CallbackInput =
  | { code: string; state: string }
  | { error: string; errorReason?: string; state?: string }
  | { state?: string };

export type CallbackOutcome =
  | { status: 'confirm'; completion: string; workspaceId: string }
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
 * Finishes Meta's side of a login, and connects nothing: the state must be genuine, fresh and
 * unused; then the code becomes a long-lived token, checked with debug_token, and held as a
 * pending login under a one-time completion id. Whoever's browser finished the login, only
 * the workspace and user who started it can confirm it (`confirmConnect`): RFC 6749 §10.12.
 */
export async function completeConnect(
  deps: ConnectLoginDeps,
  input: CallbackInput,
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
    const shortLived = await deps.meta.exchangeCode(input.code, deps.settings.redirectUri);
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

  const nowSeconds = Math.floor(deps.now() / 1000);
  const tokenExpiresAt =
    isoFromEpochSeconds(info.expiresAt) ??
    (longLived.expiresIn ? new Date(deps.now() + longLived.expiresIn * 1000).toISOString() : undefined);
  const dataAccessExpiresAt = isoFromEpochSeconds(info.dataAccessExpiresAt);
  const completion = newCompletionId();
  const login = { workspaceId: payload.workspaceId, sub: payload.sub };
  await deps.pendingLogins.save(completion, {
    ...login,
    generation: payload.generation,
    sealedToken: sealPendingToken(completion, login, longLived.accessToken),
    metaUserId: info.userId,
    scopes: info.scopes,
    ...(tokenExpiresAt ? { tokenExpiresAt } : {}),
    ...(dataAccessExpiresAt ? { dataAccessExpiresAt } : {}),
    validUntil: nowSeconds + PENDING_LOGIN_TTL_SECONDS,
  });
  return { status: 'confirm', completion, workspaceId: payload.workspaceId };
}
