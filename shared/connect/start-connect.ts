import { newOAuthState, OAUTH_STATE_TTL_SECONDS } from '../domain/oauth-state';
import { REQUESTED_SCOPES } from '../domain/token-lifecycle';
import type { Principal } from '../platform/auth';
import type { ConnectLoginDeps } from './connect-deps';

/**
 * Starts a login: a fresh signed, single-use state bound to the workspace and user, and the
 * URL of Meta's login dialog. A pending login is simply superseded by the new state.
 */
export async function startConnect(
  deps: ConnectLoginDeps,
  principal: Principal,
): Promise<{ authorizeUrl: string; state: string; expiresAt: string }> {
  const connection = await deps.connections.get(principal.workspaceId);
  const nowSeconds = Math.floor(deps.now() / 1000);
  const { state, payload } = newOAuthState(
    { workspaceId: principal.workspaceId, sub: principal.sub, generation: connection.generation },
    deps.settings.stateKey,
    nowSeconds,
  );
  await deps.states.save(payload);
  const url = new URL(`${deps.settings.dialogUrl}/${deps.settings.graphVersion}/dialog/oauth`);
  url.searchParams.set('client_id', deps.settings.appId);
  url.searchParams.set('redirect_uri', deps.settings.redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('scope', REQUESTED_SCOPES.join(','));
  url.searchParams.set('response_type', 'code');
  return {
    authorizeUrl: url.toString(),
    state,
    expiresAt: new Date((nowSeconds + OAUTH_STATE_TTL_SECONDS) * 1000).toISOString(),
  };
}
