import type { PendingLogin } from '../domain/pending-login';

/** Finished, unconfirmed logins by their one-time completion id; each is consumed once. */
export interface PendingLoginStore {
  save(completion: string, login: PendingLogin): Promise<void>;
  /**
   * Removes and returns the pending login, atomically: of two confirms of the same
   * completion exactly one gets it. Undefined when unknown or already used; an expired one
   * is returned (its token must still be dropped) and the caller judges its age.
   */
  consume(completion: string): Promise<PendingLogin | undefined>;
}
