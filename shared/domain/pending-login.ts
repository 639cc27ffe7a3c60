import { createHash, randomBytes } from 'node:crypto';

/**
 * A login Meta has finished but nobody has confirmed yet (RFC 6749 §10.12, login CSRF): the
 * callback holds the checked token here, and only the workspace and user who started the
 * login may turn it into the workspace's connection (`POST /integrations/meta/confirm`).
 * The token itself stays in the vault; this record only points at it.
 */
export interface PendingLogin {
  workspaceId: string;
  /** The user who started the login (the OAuth state's `sub`). */
  sub: string;
  /** The connection generation when the login started: a disconnect in between voids it. */
  generation: number;
  /** The vault secret holding the long-lived token under a pending name. */
  secretId: string;
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
