import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The OAuth `state`: signed, bound to a workspace and user, expiring. Single use is enforced
 * by the store (the nonce is consumed once); the signature stops forgeries before any lookup.
 */
export interface OAuthStatePayload {
  nonce: string;
  workspaceId: string;
  sub: string;
  /** The connection generation when the login started: a disconnect in between voids it. */
  generation: number;
  /** Epoch seconds. */
  expiresAt: number;
}

export const OAUTH_STATE_TTL_SECONDS = 600;

export type StateCheck =
  | { ok: true; payload: OAuthStatePayload }
  | { ok: false; reason: 'invalid_state' | 'expired_state' };

export function newOAuthState(
  input: { workspaceId: string; sub: string; generation: number },
  key: string,
  nowSeconds: number,
): { state: string; payload: OAuthStatePayload } {
  const payload: OAuthStatePayload = {
    nonce: randomBytes(16).toString('base64url'),
    ...input,
    expiresAt: nowSeconds + OAUTH_STATE_TTL_SECONDS,
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return { state: `${body}.${sign(body, key)}`, payload };
}

export function verifyOAuthState(state: string, key: string, nowSeconds: number): StateCheck {
  const [body, signature, extra] = state.split('.');
  if (!body || !signature || extra !== undefined) return { ok: false, reason: 'invalid_state' };
  const expected = Buffer.from(sign(body, key), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'invalid_state' };
  let payload: OAuthStatePayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as OAuthStatePayload;
  } catch {
    return { ok: false, reason: 'invalid_state' };
  }
  if (typeof payload.expiresAt !== 'number' || payload.expiresAt <= nowSeconds)
    return { ok: false, reason: 'expired_state' };
  return { ok: true, payload };
}

function sign(body: string, key: string): string {
  return createHmac('sha256', key).update(`oauth-state.${body}`).digest('base64url');
}
