import {
  admitThroughBreaker,
  type CircuitBreakerPolicy,
  type CircuitBreakerState,
  CLOSED_BREAKER,
  DEFAULT_CIRCUIT_BREAKER,
  recordBreakerFailure,
  recordBreakerSuccess,
} from './circuit-breaker';
import {
  DEFAULT_TOKEN_BUCKET,
  fullBucket,
  type TokenBucketPolicy,
  type TokenBucketState,
  takeTokens,
} from './token-bucket';

/**
 * The shared state of one rate-limit bucket (an ad account, or app + token): what every
 * concurrent Lambda consults before calling Meta, and updates after.
 */
export interface GraphCallState {
  bucket: TokenBucketState;
  breaker: CircuitBreakerState;
  /** Meta blocks this bucket until then (epoch ms); 0 when not blocked. */
  blockedUntilMs: number;
  /** Peak utilization the last response reported, in percent. */
  utilizationPct: number;
}

/** Slow down before Meta throttles: above `fromPct` each call waits up to `maxDelayMs`. */
export interface PacingPolicy {
  /** @default 80 */
  fromPct: number;
  /** @default 1000 */
  maxDelayMs: number;
}

export interface GraphCallPolicy {
  bucket: TokenBucketPolicy;
  breaker: CircuitBreakerPolicy;
  pacing: PacingPolicy;
}

export const DEFAULT_GRAPH_CALL_POLICY: GraphCallPolicy = {
  bucket: DEFAULT_TOKEN_BUCKET,
  breaker: DEFAULT_CIRCUIT_BREAKER,
  pacing: { fromPct: 80, maxDelayMs: 1000 },
};

export type GraphCallAdmission =
  /** Send now, after `paceMs`; `probe` when this call is the breaker's half-open probe. */
  | { kind: 'go'; paceMs: number; probe: boolean; state: GraphCallState }
  /** Not yet: Meta blocks the bucket, or our own bucket is empty. Nothing was taken. */
  | { kind: 'wait'; waitMs: number; reason: 'blocked' | 'bucket'; state: GraphCallState }
  /** The breaker is open: fail fast. */
  | { kind: 'circuit_open'; retryAfterMs: number; state: GraphCallState };

/** How a call ended, as far as the bucket cares. */
export interface GraphCallOutcome {
  /** `answered`: Meta responded (success or a permanent error); `failed`: 5xx, timeout, network; `throttled`: Meta throttles. */
  kind: 'answered' | 'failed' | 'throttled';
  /** Meta blocks the bucket for this long from now (from the usage headers or the throttle wait). */
  blockedForMs?: number;
  /** Peak utilization reported by the usage headers. */
  utilizationPct?: number;
}

export function initialGraphCallState(nowMs: number, policy: GraphCallPolicy): GraphCallState {
  return {
    bucket: fullBucket(policy.bucket, nowMs),
    breaker: CLOSED_BREAKER,
    blockedUntilMs: 0,
    utilizationPct: 0,
  };
}

/**
 * Decides whether a call of `cost` points may go now. Order: an open breaker fails fast; a Meta
 * block or an empty bucket waits; only then does the call take its points (and, when the
 * breaker allows one, become the half-open probe).
 */
export function admitGraphCall(
  current: GraphCallState | undefined,
  nowMs: number,
  cost: number,
  policy: GraphCallPolicy,
): GraphCallAdmission {
  const state = current ?? initialGraphCallState(nowMs, policy);
  const breaker = admitThroughBreaker(state.breaker, nowMs, policy.breaker);
  if (breaker.decision === 'reject')
    return { kind: 'circuit_open', retryAfterMs: breaker.retryAfterMs, state };
  if (state.blockedUntilMs > nowMs) {
    return { kind: 'wait', waitMs: state.blockedUntilMs - nowMs, reason: 'blocked', state };
  }
  const take = takeTokens(state.bucket, cost, nowMs, policy.bucket);
  if (!take.ok) return { kind: 'wait', waitMs: take.waitMs, reason: 'bucket', state };
  return {
    kind: 'go',
    paceMs: pacingDelayMs(state.utilizationPct, policy.pacing),
    probe: breaker.decision === 'probe',
    state: { ...state, bucket: take.state, breaker: breaker.state },
  };
}

/** Applies a call's outcome: the breaker counts failures; the usage headers set block and pace. */
export function recordGraphCall(
  current: GraphCallState | undefined,
  nowMs: number,
  outcome: GraphCallOutcome,
  policy: GraphCallPolicy,
): GraphCallState {
  const state = current ?? initialGraphCallState(nowMs, policy);
  const breaker =
    outcome.kind === 'failed'
      ? recordBreakerFailure(state.breaker, nowMs, policy.breaker)
      : recordBreakerSuccess(state.breaker);
  const blockedUntilMs =
    outcome.blockedForMs !== undefined && outcome.blockedForMs > 0
      ? Math.max(state.blockedUntilMs, nowMs + outcome.blockedForMs)
      : state.blockedUntilMs;
  const utilizationPct =
    outcome.utilizationPct === undefined
      ? state.utilizationPct
      : pacingRelevantUtilization(outcome.utilizationPct, policy.pacing);
  return { ...state, breaker, blockedUntilMs, utilizationPct };
}

/**
 * The utilization worth storing: only pacing reads it, and pacing ignores anything at or below
 * `fromPct`, so every such value is stored as 0. A healthy answer then changes nothing in
 * the shared state and costs no write (or read) of the bucket.
 */
export function pacingRelevantUtilization(utilizationPct: number, pacing: PacingPolicy): number {
  const rounded = Math.round(utilizationPct);
  return rounded > pacing.fromPct ? rounded : 0;
}

/**
 * Proactive slow-down: nothing below `fromPct`, then a delay growing linearly to `maxDelayMs`
 * at 100 %, so a busy bucket spreads its calls instead of running into Meta's block.
 */
export function pacingDelayMs(utilizationPct: number, policy: PacingPolicy): number {
  if (!(utilizationPct > policy.fromPct) || policy.maxDelayMs <= 0) return 0;
  const span = Math.max(1, 100 - policy.fromPct);
  const share = Math.min(1, (utilizationPct - policy.fromPct) / span);
  return Math.round(share * policy.maxDelayMs);
}
