import { IDEMPOTENCY_TTL_SECONDS, isReplayable } from '../domain/idempotency';
import type { StoredAnswer } from '../domain/mutation';
import {
  AppError,
  ConflictError,
  MetaError,
  ReplayedRefusalError,
  UnprocessableError,
} from '../platform/errors';
import { logger } from '../platform/observability';
import type { ClaimResult, IdempotencyScope, IdempotencyStore } from '../store/idempotency-store';
import { refusalAnswer } from './refusal-answer';

/** How long a claim holds before another request may take it over (its Lambda died). */
export const IN_FLIGHT_SECONDS = 60;

/** An answer a keyed route gives: stored, or replayed with `Idempotent-Replayed: true`. */
export type KeyedAnswer = StoredAnswer & { headers?: Record<string, string> };

/** A key this request claimed: what its final answer is stored under. */
export interface HeldKey {
  scope: IdempotencyScope;
  fingerprint: string;
}

/** Claims `scope` for the request `fingerprint` names (the campaign mutations' rules). */
export function claimKey(
  store: IdempotencyStore,
  scope: IdempotencyScope,
  fingerprint: string,
): Promise<ClaimResult> {
  return store.claim(scope, fingerprint, {
    ttlSeconds: IDEMPOTENCY_TTL_SECONDS,
    inFlightSeconds: IN_FLIGHT_SECONDS,
  });
}

/**
 * What a claim means for the request: a stored answer to replay, nothing (`claimed`: go on),
 * or a refusal: the same key still in flight (409) or used for another request (422).
 */
export function answerOfClaim(claim: ClaimResult | undefined): KeyedAnswer | undefined {
  if (claim?.kind === 'replay') return replayed(claim.answer);
  if (claim?.kind === 'in_flight') {
    throw new ConflictError('A request with this Idempotency-Key is still being processed.', {
      code: 'idempotency_in_flight',
    });
  }
  if (claim?.kind === 'mismatch') {
    throw new UnprocessableError('This Idempotency-Key was used with another request.', {
      code: 'idempotency_key_reused',
    });
  }
  return undefined;
}

/** Replays a stored answer; a stored refusal is thrown again exactly as it was. */
export function replayed(answer: StoredAnswer): KeyedAnswer {
  if (answer.status >= 400) {
    const body = answer.body as { error?: { code: string; message: string; details?: unknown } } | undefined;
    throw new ReplayedRefusalError(answer.status, body?.error ?? { code: 'refused', message: 'Refused.' });
  }
  return { ...answer, headers: { 'idempotent-replayed': 'true' } };
}

/**
 * The key of a request that failed, for routes whose refusals need no audit entry: a final
 * refusal (4xx but 409/429) is stored to be replayed; anything a retry may fix frees the key.
 * When Meta applied (or may have applied: a lost answer) the write, nothing is stored and the
 * key is freed marked, so the retry's claim reads `resumed` and looks before it acts.
 */
export async function settleFailedKey(
  store: IdempotencyStore,
  held: HeldKey | undefined,
  err: unknown,
  attempt: { applied: boolean },
): Promise<void> {
  if (!held) return;
  const status = err instanceof AppError ? err.status : 500;
  if (isReplayable(status) && err instanceof AppError && !attempt.applied) {
    await store.complete(held.scope, held.fingerprint, refusalAnswer(err), IDEMPOTENCY_TTL_SECONDS);
    return;
  }
  const mayHaveApplied = attempt.applied || (err instanceof MetaError && err.graph.ambiguous === true);
  await store.release(held.scope, held.fingerprint, { mayHaveApplied });
}

/** What a run under a key learns as it goes: `applied` once Meta made the change. */
export interface KeyedAttempt {
  /** An earlier attempt under this key never finished: it may have applied at Meta. */
  resumed: boolean;
  applied: boolean;
}

/**
 * Runs `run` exactly once under an Idempotency-Key (none: just runs it): a repeat replays the
 * stored answer, a concurrent one is 409, another request under the key 422. `run` stores its
 * success answer itself (`held`), with the record it writes; a failure is settled by
 * settleFailedKey. For routes whose refusals need no audit entry (creatives, briefs).
 */
export async function runUnderKey(
  store: IdempotencyStore,
  scope: IdempotencyScope | undefined,
  fingerprint: string,
  run: (held: HeldKey | undefined, attempt: KeyedAttempt) => Promise<KeyedAnswer>,
): Promise<KeyedAnswer> {
  const claim = scope ? await claimKey(store, scope, fingerprint) : undefined;
  const replay = answerOfClaim(claim);
  if (replay) return replay;
  const held = scope ? { scope, fingerprint } : undefined;
  const attempt: KeyedAttempt = { resumed: claim?.kind === 'claimed' && claim.resumed, applied: false };
  try {
    return await run(held, attempt);
  } catch (err: unknown) {
    await settleFailedKey(store, held, err, attempt).catch((settleErr: unknown) =>
      logger.warn('could not settle a failed keyed request', { err: String(settleErr) }),
    );
    throw err;
  }
}
