import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * A login Meta has finished but nobody has confirmed yet (RFC 6749 §10.12, login CSRF): the
 * callback holds the checked token here, and only the workspace and user who started the
 * login may turn it into the workspace's connection (`POST /integrations/meta/confirm`).
 * The token is sealed inside the record with a key only the completion yields, so a login
 * nobody confirms leaves nothing behind once the record expires, and the table alone cannot
 * open it.
 */
export interface PendingLogin {
  workspaceId: string;
  /** The user who started the login (the OAuth state's `sub`). */
  sub: string;
  /** The connection generation when the login started: a disconnect in between voids it. */
  generation: number;
  /** The long-lived token, sealed with the completion (see `sealPendingToken`). */
  sealedToken: string;
  metaUserId: string;
  scopes: string[];
  /** ISO times of the token, as debug_token said. */
  tokenExpiresAt?: string;
  dataAccessExpiresAt?: string;
  /** Epoch seconds after which the completion is dead (checked in code; TTL cleans up). */
  validUntil: number;
}

/** The dashboard has this long to confirm a finished login. */
export const PENDING_LOGIN_TTL_SECONDS = 600;

/** A fresh one-time completion id: 256 random bits, URL-safe. */
export function newCompletionId(): string {
  return randomBytes(32).toString('base64url');
}

/** Stores key pending logins by this hash, so a table read yields no usable completion. */
export function completionKey(completion: string): string {
  return createHash('sha256').update(`pending-login.${completion}`).digest('hex');
}

export type ConfirmDecision = 'yours' | 'not_yours' | 'expired';

/** Whether `who` may confirm `pending` now: same workspace and same `sub`, and still fresh. */
export function confirmDecision(
  pending: PendingLogin,
  who: { workspaceId: string; sub: string },
  nowSeconds: number,
): ConfirmDecision {
  if (pending.validUntil <= nowSeconds) return 'expired';
  if (pending.workspaceId !== who.workspaceId || pending.sub !== who.sub) return 'not_yours';
  return 'yours';
}

const SEAL_CIPHER = 'aes-256-gcm';

/** The seal's key: a hash of the completion apart from `completionKey`, which the table keeps. */
function sealKey(completion: string): Buffer {
  return createHash('sha256').update(`pending-login.seal.${completion}`).digest();
}

/** Binds the sealed token to the login it belongs to: it opens for no other workspace or user. */
function sealContext(login: { workspaceId: string; sub: string }): Buffer {
  return Buffer.from(JSON.stringify([login.workspaceId, login.sub]));
}

/**
 * Seals a held login's token with its completion (AES-256-GCM): the completion is only in the
 * browser's redirect, the table keys by its hash, so the record alone cannot be opened.
 * @example openPendingToken(c, login, sealPendingToken(c, login, token)) === token
 */
export function sealPendingToken(
  completion: string,
  login: { workspaceId: string; sub: string },
  accessToken: string,
): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(SEAL_CIPHER, sealKey(completion), iv);
  cipher.setAAD(sealContext(login));
  const sealed = Buffer.concat([cipher.update(accessToken, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
}

/** Opens what `sealPendingToken` sealed; throws on another completion, login or a tampered seal. */
export function openPendingToken(
  completion: string,
  login: { workspaceId: string; sub: string },
  sealedToken: string,
): string {
  const [iv, tag, sealed] = sealedToken.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !sealed) throw new Error('The pending login token is not a seal.');
  const decipher = createDecipheriv(SEAL_CIPHER, sealKey(completion), iv);
  decipher.setAAD(sealContext(login));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
}
