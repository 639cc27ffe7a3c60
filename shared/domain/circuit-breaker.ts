/**
 * The circuit breaker of one rate-limit bucket. `failureThreshold` consecutive failures open it:
 * calls then fail fast for `openMs`; after that ONE call goes through as a probe (half-open).
 * The probe's success closes the breaker, its failure opens it again. A probe that never
 * reports (its Lambda died) frees the way for another after `probeTimeoutMs`.
 */
export interface CircuitBreakerPolicy {
  /** @default 5 */
  failureThreshold: number;
  /** @default 60000 */
  openMs: number;
  /** @default 30000 */
  probeTimeoutMs: number;
}

export const DEFAULT_CIRCUIT_BREAKER: CircuitBreakerPolicy = {
  failureThreshold: 5,
  openMs: 60_000,
  probeTimeoutMs: 30_000,
};

export type CircuitBreakerState =
  | { status: 'closed'; consecutiveFailures: number }
  | { status: 'open'; openedAtMs: number }
  | { status: 'half_open'; probeStartedAtMs: number };

export type BreakerAdmission =
  | { decision: 'allow'; state: CircuitBreakerState }
  /** This call is the one half-open probe. */
  | { decision: 'probe'; state: CircuitBreakerState }
  | { decision: 'reject'; retryAfterMs: number; state: CircuitBreakerState };

export const CLOSED_BREAKER: CircuitBreakerState = { status: 'closed', consecutiveFailures: 0 };

/**
 * Whether a call may go now.
 * @example admitThroughBreaker({ status: 'open', openedAtMs: 0 }, 60_000, DEFAULT_CIRCUIT_BREAKER).decision // 'probe'
 */
export function admitThroughBreaker(
  state: CircuitBreakerState,
  nowMs: number,
  policy: CircuitBreakerPolicy,
): BreakerAdmission {
  switch (state.status) {
    case 'closed':
      return { decision: 'allow', state };
    case 'open': {
      const reopensAt = state.openedAtMs + policy.openMs;
      if (nowMs < reopensAt) return { decision: 'reject', retryAfterMs: reopensAt - nowMs, state };
      return { decision: 'probe', state: { status: 'half_open', probeStartedAtMs: nowMs } };
    }
    case 'half_open': {
      const probeExpiresAt = state.probeStartedAtMs + policy.probeTimeoutMs;
      if (nowMs < probeExpiresAt) return { decision: 'reject', retryAfterMs: probeExpiresAt - nowMs, state };
      return { decision: 'probe', state: { status: 'half_open', probeStartedAtMs: nowMs } };
    }
  }
}

/** Meta answered: whatever the state, the breaker closes. */
export function recordBreakerSuccess(_state: CircuitBreakerState): CircuitBreakerState {
  return CLOSED_BREAKER;
}

/** Meta failed (5xx, timeout, network): count it; the threshold or a failed probe opens. */
export function recordBreakerFailure(
  state: CircuitBreakerState,
  nowMs: number,
  policy: CircuitBreakerPolicy,
): CircuitBreakerState {
  switch (state.status) {
    case 'closed': {
      const consecutiveFailures = state.consecutiveFailures + 1;
      if (consecutiveFailures >= policy.failureThreshold) return { status: 'open', openedAtMs: nowMs };
      return { status: 'closed', consecutiveFailures };
    }
    case 'half_open':
      return { status: 'open', openedAtMs: nowMs };
    case 'open':
      // A call admitted before the breaker opened failed late: the open period keeps its start.
      return state;
  }
}
