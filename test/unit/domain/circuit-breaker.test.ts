import {
  admitThroughBreaker,
  type CircuitBreakerState,
  CLOSED_BREAKER,
  recordBreakerFailure,
  recordBreakerSuccess,
} from '../../../shared/domain/circuit-breaker';

const policy = { failureThreshold: 5, openMs: 60_000, probeTimeoutMs: 30_000 };

function failTimes(state: CircuitBreakerState, times: number, now: number): CircuitBreakerState {
  let s = state;
  for (let i = 0; i < times; i++) s = recordBreakerFailure(s, now, policy);
  return s;
}

describe('circuit breaker', () => {
  it('lets calls through while closed', () => {
    expect(admitThroughBreaker(CLOSED_BREAKER, 0, policy)).toEqual({
      decision: 'allow',
      state: CLOSED_BREAKER,
    });
  });

  it('counts consecutive failures while closed', () => {
    expect(failTimes(CLOSED_BREAKER, 4, 0)).toEqual({ status: 'closed', consecutiveFailures: 4 });
  });

  it('opens on the fifth consecutive failure', () => {
    expect(failTimes(CLOSED_BREAKER, 5, 1234)).toEqual({ status: 'open', openedAtMs: 1234 });
  });

  it('restarts the count after a success', () => {
    const state = recordBreakerSuccess(failTimes(CLOSED_BREAKER, 4, 0));
    expect(failTimes(state, 4, 0)).toEqual({ status: 'closed', consecutiveFailures: 4 });
  });

  it('fails calls fast while open, saying how long is left', () => {
    const open: CircuitBreakerState = { status: 'open', openedAtMs: 1000 };
    expect(admitThroughBreaker(open, 1000, policy)).toEqual({
      decision: 'reject',
      retryAfterMs: 60_000,
      state: open,
    });
    expect(admitThroughBreaker(open, 60_999, policy)).toEqual({
      decision: 'reject',
      retryAfterMs: 1,
      state: open,
    });
  });

  it('lets ONE probe through after the open period', () => {
    const open: CircuitBreakerState = { status: 'open', openedAtMs: 1000 };
    const probe = admitThroughBreaker(open, 61_000, policy);
    expect(probe).toEqual({ decision: 'probe', state: { status: 'half_open', probeStartedAtMs: 61_000 } });
    const second = admitThroughBreaker(probe.state, 61_001, policy);
    expect(second).toEqual({ decision: 'reject', retryAfterMs: 29_999, state: probe.state });
  });

  it('closes when the probe succeeds', () => {
    expect(recordBreakerSuccess({ status: 'half_open', probeStartedAtMs: 0 })).toEqual(CLOSED_BREAKER);
  });

  it('re-opens when the probe fails', () => {
    expect(recordBreakerFailure({ status: 'half_open', probeStartedAtMs: 0 }, 5000, policy)).toEqual({
      status: 'open',
      openedAtMs: 5000,
    });
  });

  it('allows another probe when the first never reported', () => {
    const halfOpen: CircuitBreakerState = { status: 'half_open', probeStartedAtMs: 0 };
    expect(admitThroughBreaker(halfOpen, 30_000, policy)).toEqual({
      decision: 'probe',
      state: { status: 'half_open', probeStartedAtMs: 30_000 },
    });
  });

  it('keeps the start of the open period when a late call fails', () => {
    const open: CircuitBreakerState = { status: 'open', openedAtMs: 1000 };
    expect(recordBreakerFailure(open, 50_000, policy)).toBe(open);
  });

  it('closes when a late call succeeds while open: Meta answers again', () => {
    expect(recordBreakerSuccess({ status: 'open', openedAtMs: 0 })).toEqual(CLOSED_BREAKER);
  });

  it('runs the whole cycle: closed → open → half-open → open → half-open → closed', () => {
    let state = failTimes(CLOSED_BREAKER, 5, 0);
    expect(state.status).toBe('open');
    let admission = admitThroughBreaker(state, 60_000, policy);
    expect(admission.decision).toBe('probe');
    state = recordBreakerFailure(admission.state, 60_010, policy);
    expect(state).toEqual({ status: 'open', openedAtMs: 60_010 });
    expect(admitThroughBreaker(state, 100_000, policy).decision).toBe('reject');
    admission = admitThroughBreaker(state, 120_010, policy);
    expect(admission.decision).toBe('probe');
    state = recordBreakerSuccess(admission.state);
    expect(admitThroughBreaker(state, 120_020, policy).decision).toBe('allow');
  });
});
