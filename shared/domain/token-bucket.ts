/**
 * A token bucket per rate-limit bucket (ad account, or app + token): each Graph call takes its
 * cost in points (Meta scores a read 1 and a write 3) and the bucket refills continuously.
 */
export interface TokenBucketPolicy {
  /** Most points the bucket holds: the burst allowed after a quiet period. */
  capacity: number;
  /** Points regained per second. */
  refillPerSecond: number;
}

/**
 * Meta's standard Ads Management tier allows a score of 9000 that decays over 300 s; this
 * spends that at the same average rate (30 points/s) with a smaller burst.
 */
export const DEFAULT_TOKEN_BUCKET: TokenBucketPolicy = { capacity: 300, refillPerSecond: 30 };

export interface TokenBucketState {
  tokens: number;
  refilledAtMs: number;
}

export type TakeResult =
  | { ok: true; state: TokenBucketState }
  /** Not enough points: `state` is refilled to now but nothing was taken. */
  | { ok: false; waitMs: number; state: TokenBucketState };

/** A full bucket, as a bucket never seen before starts. */
export function fullBucket(policy: TokenBucketPolicy, nowMs: number): TokenBucketState {
  return { tokens: policy.capacity, refilledAtMs: nowMs };
}

/** Adds the points earned since the last refill; a clock running behind earns nothing. */
export function refillBucket(
  state: TokenBucketState,
  nowMs: number,
  policy: TokenBucketPolicy,
): TokenBucketState {
  const elapsedMs = Math.max(0, nowMs - state.refilledAtMs);
  const tokens = Math.min(policy.capacity, state.tokens + (elapsedMs / 1000) * policy.refillPerSecond);
  return { tokens, refilledAtMs: Math.max(nowMs, state.refilledAtMs) };
}

/**
 * Takes `cost` points if the bucket holds them, else says how long until it will. A cost above
 * the capacity is charged as the capacity, or it could never pass.
 * @example takeTokens({ tokens: 0, refilledAtMs: 0 }, 3, 0, { capacity: 10, refillPerSecond: 1 }) // waitMs 3000
 */
export function takeTokens(
  state: TokenBucketState,
  cost: number,
  nowMs: number,
  policy: TokenBucketPolicy,
): TakeResult {
  const refilled = refillBucket(state, nowMs, policy);
  const charge = Math.min(Math.max(0, cost), policy.capacity);
  if (refilled.tokens >= charge) {
    return { ok: true, state: { ...refilled, tokens: refilled.tokens - charge } };
  }
  const missing = charge - refilled.tokens;
  const waitMs = policy.refillPerSecond > 0 ? Math.ceil((missing / policy.refillPerSecond) * 1000) : Infinity;
  return { ok: false, waitMs, state: refilled };
}
