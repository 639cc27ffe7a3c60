import type { StoredAnswer } from '../domain/mutation';

/** An Idempotency-Key, scoped to the workspace that sent it. */
export interface IdempotencyScope {
  workspaceId: string;
  key: string;
}

/**
 * What a claim found: the key is ours now (`claimed`: run the mutation), the same request
 * already has a final answer (`replay` it), the same request is still running (`in_flight`:
 * 409), or the key was used for a different request (`mismatch`: 422).
 */
export type ClaimResult =
  /**
   * `resumed`: the key was taken over from an earlier attempt that never finished (its Lambda
   * died, or its create's answer was lost): that attempt may have applied at Meta.
   */
  | { kind: 'claimed'; resumed: boolean }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' };

export interface ClaimOptions {
  /** How long the key (and its stored answer) is kept. */
  ttlSeconds: number;
  /** How long a claim holds before another request may take it over (its Lambda died). */
  inFlightSeconds: number;
}

/**
 * Idempotency keys (DESIGN §5 "Rules the routes leave open"): one record per scoped key
 * holding the request's fingerprint (method + path + body) and, once final, its answer.
 * A claim is one conditional write: of concurrent claims of a free key exactly one wins.
 */
export interface IdempotencyStore {
  claim(scope: IdempotencyScope, fingerprint: string, options: ClaimOptions): Promise<ClaimResult>;
  /**
   * Drops this request's unfinished claim (its answer is not final: 5xx, 429, 409); else
   * nothing. With `mayHaveApplied` (Meta may have acted: a lost answer) the claim is kept but
   * freed at once, so the retry's claim reads `resumed` and looks before it acts.
   */
  release(
    scope: IdempotencyScope,
    fingerprint: string,
    options?: { mayHaveApplied?: boolean },
  ): Promise<void>;
  /** Stores the final answer on its own (MutationCommit does it with the mirror write). */
  complete(
    scope: IdempotencyScope,
    fingerprint: string,
    answer: StoredAnswer,
    ttlSeconds: number,
  ): Promise<void>;
}
