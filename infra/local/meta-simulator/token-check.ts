import { createHmac, timingSafeEqual } from 'node:crypto';
import { GraphError, invalidAppsecretProof, tokenError } from './graph-error';
import type { Principal } from './principal';
import type { World } from './world';
import type { TokenRecord } from './world-records';

/** appsecret_time proofs are valid for 5 minutes (Meta's login security docs). */
const APPSECRET_TIME_WINDOW_SECONDS = 300;

export interface AppCredentials {
  appId: string;
  appSecret: string;
}

function metaTime(seconds: number): string {
  return new Date(seconds * 1000).toUTCString();
}

/** Why a stored token no longer works, as the 190 error Meta gives; undefined when it works. */
export function tokenProblem(
  token: TokenRecord,
  app: AppCredentials,
  nowSeconds: number,
): GraphError | undefined {
  if (token.invalidation === 'deauthorized') {
    return tokenError(
      `Error validating access token: The user has not authorized application ${app.appId}.`,
      458,
    );
  }
  if (token.invalidation === 'invalidated') {
    return tokenError(
      'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
      460,
    );
  }
  if (token.invalidation === 'system_user_removed') {
    // Meta documents 467 as "access token has expired, been revoked, or is otherwise invalid";
    // a token whose system user left the BM answers it with the message of a dead session.
    return tokenError(
      'Error validating access token: The session is invalid because the user logged out.',
      467,
    );
  }
  if (token.expiresAt !== 0 && nowSeconds >= token.expiresAt) {
    return tokenError(
      `Error validating access token: Session has expired on ${metaTime(token.expiresAt)}. The current time is ${metaTime(nowSeconds)}.`,
      463,
    );
  }
  return undefined;
}

export function isAppToken(accessToken: string, app: AppCredentials): boolean {
  return accessToken === `${app.appId}|${app.appSecret}`;
}

/**
 * Resolves the caller of a Graph call, or throws the error Meta gives for a missing,
 * unknown, revoked or expired token.
 */
export function authenticate(
  world: World,
  app: AppCredentials,
  accessToken: string | undefined,
  nowSeconds: number,
  asksForMe: boolean,
): Principal {
  if (!accessToken) {
    throw asksForMe
      ? new GraphError({
          status: 400,
          message: 'An active access token must be used to query information about the current user.',
          type: 'OAuthException',
          code: 2500,
        })
      : new GraphError({
          status: 400,
          message: 'An access token is required to request this resource.',
          type: 'OAuthException',
          code: 104,
        });
  }
  if (isAppToken(accessToken, app)) return { kind: 'app', scopes: new Set() };
  if (accessToken.startsWith(`${app.appId}|`)) throw tokenError('Invalid OAuth access token signature.');
  const token = world.tokens.get(accessToken);
  if (!token) throw tokenError('Invalid OAuth access token - Cannot parse access token');
  const problem = tokenProblem(token, app, nowSeconds);
  if (problem) throw problem;
  const user = world.users.get(token.userId);
  if (!user) throw tokenError('Invalid OAuth access token - Cannot parse access token');
  return { kind: user.kind, user, scopes: new Set(token.scopes) };
}

/** HMAC-SHA256 of the token (or `token|appsecret_time`) keyed with the app secret, hex. */
export function appsecretProof(appSecret: string, message: string): string {
  return createHmac('sha256', appSecret).update(message).digest('hex');
}

/**
 * Checks `appsecret_proof` when sent (both the plain and the time-stamped form); with
 * `required`, a call without one fails as it does for apps with "Require App Secret" on.
 */
export function checkAppsecretProof(
  app: AppCredentials,
  accessToken: string,
  params: URLSearchParams,
  required: boolean,
  nowSeconds: number,
): void {
  const proof = params.get('appsecret_proof');
  if (!proof) {
    if (required) {
      throw new GraphError({
        status: 400,
        message: 'API calls from the server require an appsecret_proof argument',
        type: 'GraphMethodException',
        code: 100,
      });
    }
    return;
  }
  const time = params.get('appsecret_time');
  if (time !== null) {
    const sentAt = Number(time);
    if (!Number.isInteger(sentAt) || Math.abs(nowSeconds - sentAt) > APPSECRET_TIME_WINDOW_SECONDS) {
      throw invalidAppsecretProof();
    }
  }
  const expected = Buffer.from(
    appsecretProof(app.appSecret, time === null ? accessToken : `${accessToken}|${time}`),
  );
  const given = Buffer.from(proof.toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidAppsecretProof();
}
