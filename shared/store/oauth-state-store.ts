import type { OAuthStatePayload } from '../domain/oauth-state';

/** Pending logins; each state can be consumed once. */
export interface OAuthStateStore {
  save(payload: OAuthStatePayload): Promise<void>;
  /** Removes and returns the pending state; undefined when unknown or already used. */
  consume(nonce: string): Promise<OAuthStatePayload | undefined>;
}
