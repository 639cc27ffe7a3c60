import { GraphError, invalidParameter, objectNotFound, tokenError } from './graph-error';
import { jsonResponse, type SimResponse } from './sim-response';
import type { GraphCall, SimulatorCore } from './simulator-core';
import { checkAppsecretProof, isAppToken, tokenProblem } from './token-check';
import type { TokenRecord } from './world-records';

function oauthError(message: string, code: number, subcode?: number): GraphError {
  return new GraphError({ status: 400, message, type: 'OAuthException', code, subcode });
}

function requireParam(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) throw oauthError(`Missing ${name} parameter.`, 100);
  return value;
}

function checkClient(core: SimulatorCore, params: URLSearchParams): void {
  if (requireParam(params, 'client_id') !== core.app.appId) {
    throw oauthError('Error validating application. Invalid application ID.', 101);
  }
  if (requireParam(params, 'client_secret') !== core.app.appSecret) {
    throw oauthError('Error validating client secret.', 1);
  }
}

function tokenAnswer(token: TokenRecord, nowSeconds: number): SimResponse {
  return jsonResponse(200, {
    access_token: token.accessToken,
    token_type: 'bearer',
    expires_in: token.expiresAt - nowSeconds,
  });
}

/**
 * `GET|POST /{v}/oauth/access_token` (parameters in the query or, as a server should send the
 * secret, a form body): code → short-lived user token; `grant_type=fb_exchange_token` →
 * long-lived (~60 days); `grant_type=client_credentials` → the app token.
 */
export function exchangeToken(core: SimulatorCore, call: GraphCall): SimResponse {
  if (call.method !== 'GET' && call.method !== 'POST') throw objectNotFound('oauth', call.method);
  const params = call.params;
  const nowMs = core.nowMs();
  const nowSeconds = Math.floor(nowMs / 1000);
  checkClient(core, params);
  const grantType = params.get('grant_type');
  if (grantType === 'client_credentials') {
    return jsonResponse(200, {
      access_token: `${core.app.appId}|${core.app.appSecret}`,
      token_type: 'bearer',
    });
  }
  if (grantType === 'fb_exchange_token') {
    const shortLived = core.world.tokens.get(requireParam(params, 'fb_exchange_token'));
    if (!shortLived || shortLived.kind === 'system_user') {
      throw tokenError('Invalid OAuth access token - Cannot parse access token');
    }
    const problem = tokenProblem(shortLived, core.app, nowSeconds);
    if (problem) throw problem;
    const longLived = core.world.issueToken(shortLived.userId, 'user_long', shortLived.scopes, nowSeconds);
    // Data access keeps counting from the login, not from the exchange.
    longLived.dataAccessExpiresAt = shortLived.dataAccessExpiresAt;
    return tokenAnswer(longLived, nowSeconds);
  }
  const redirectUri = requireParam(params, 'redirect_uri');
  const code = core.codes.get(requireParam(params, 'code'));
  if (!code) throw oauthError('Invalid verification code format.', 100, 36009);
  if (code.used) throw oauthError('This authorization code has been used.', 100, 36009);
  if (nowMs > code.expiresAtMs) throw oauthError('This authorization code has expired.', 100, 36007);
  if (code.redirectUri !== redirectUri) {
    throw oauthError(
      'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
      100,
      36008,
    );
  }
  code.used = true;
  const token = core.world.issueToken(code.userId, 'user_short', code.scopes, nowSeconds);
  return tokenAnswer(token, nowSeconds);
}

/**
 * `granular_scopes`: BM-scoped grants carry the BM ids as `target_ids` (for a system user, the
 * BMs it is listed on, else its home BM).
 */
function granularScopes(core: SimulatorCore, token: TokenRecord): { scope: string; target_ids?: string[] }[] {
  const user = core.world.users.get(token.userId);
  const listed = [...(user?.businesses.values() ?? [])];
  const businessIds = listed.length === 0 && user?.homeBusinessId ? [user.homeBusinessId] : listed;
  return token.scopes.map((scope) =>
    scope === 'business_management' && businessIds.length > 0
      ? { scope, target_ids: businessIds }
      : { scope },
  );
}

/**
 * `GET /{v}/debug_token?input_token&access_token={app_id}|{app_secret}`. A bad input token
 * still answers 200, with `is_valid: false` and the reason in `data.error`.
 */
export function debugToken(core: SimulatorCore, call: GraphCall): SimResponse {
  const nowSeconds = Math.floor(core.nowMs() / 1000);
  const inspector = call.accessToken;
  if (!inspector) {
    throw invalidParameter(
      '(#100) You must provide an app access token, or a user access token that is an owner or developer of the app',
    );
  }
  if (!isAppToken(inspector, core.app)) {
    if (inspector.startsWith(`${core.app.appId}|`)) throw tokenError('Invalid OAuth access token signature.');
    const inspectorToken = core.world.tokens.get(inspector);
    if (!inspectorToken) throw tokenError('Invalid OAuth access token - Cannot parse access token');
    const problem = tokenProblem(inspectorToken, core.app, nowSeconds);
    if (problem) throw problem;
    checkAppsecretProof(core.app, inspector, call.params, core.requireAppsecretProof, nowSeconds);
  }
  const input = call.params.get('input_token');
  if (!input) throw invalidParameter('(#100) The parameter input_token is required');
  if (isAppToken(input, core.app)) {
    return jsonResponse(200, {
      data: { app_id: core.app.appId, type: 'APP', application: core.app.name, is_valid: true, scopes: [] },
    });
  }
  const token = core.world.tokens.get(input);
  if (!token) {
    return jsonResponse(200, {
      data: { error: { code: 190, message: 'Invalid OAuth access token.' }, is_valid: false, scopes: [] },
    });
  }
  const problem = tokenProblem(token, core.app, nowSeconds);
  const data: Record<string, unknown> = {
    app_id: core.app.appId,
    type: token.kind === 'system_user' ? 'SYSTEM_USER' : 'USER',
    application: core.app.name,
    data_access_expires_at: token.dataAccessExpiresAt,
    expires_at: token.expiresAt,
    is_valid: problem === undefined,
    issued_at: token.issuedAt,
    scopes: token.scopes,
    granular_scopes: granularScopes(core, token),
    user_id: token.userId,
  };
  if (problem) {
    data.error = { code: 190, message: problem.message, subcode: problem.fields.subcode };
  }
  return jsonResponse(200, { data });
}
