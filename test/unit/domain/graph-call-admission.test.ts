import {
  admitGraphCall,
  type GraphCallPolicy,
  type GraphCallState,
  initialGraphCallState,
  pacingDelayMs,
  recordGraphCall,
} from '../../../shared/domain/graph-call-admission';

const policy: GraphCallPolicy = {
  bucket: { capacity: 10, refillPerSecond: 1 },
  breaker: { failureThreshold: 2, openMs: 1000, probeTimeoutMs: 500 },
  pacing: { fromPct: 80, maxDelayMs: 1000 },
};

const state = (over: Partial<GraphCallState> = {}): GraphCallState => ({
  ...initialGraphCallState(0, policy),
  ...over,
});

describe('admitGraphCall', () => {
  it('lets the first call of a new bucket go and takes its points', () => {
    const admission = admitGraphCall(undefined, 0, 3, policy);
    expect(admission).toEqual({
      kind: 'go',
      paceMs: 0,
      probe: false,
      state: { ...state(), bucket: { tokens: 7, refilledAtMs: 0 } },
    });
  });

  it('fails fast while the breaker is open, before anything else', () => {
    const admission = admitGraphCall(
      state({ breaker: { status: 'open', openedAtMs: 0 }, blockedUntilMs: 5000 }),
      400,
      1,
      policy,
    );
    expect(admission).toMatchObject({ kind: 'circuit_open', retryAfterMs: 600 });
  });

  it('waits while Meta blocks the bucket, taking nothing', () => {
    const s = state({ blockedUntilMs: 2500 });
    expect(admitGraphCall(s, 1000, 1, policy)).toEqual({
      kind: 'wait',
      waitMs: 1500,
      reason: 'blocked',
      state: s,
    });
  });

  it('waits when the bucket is spent', () => {
    const s = state({ bucket: { tokens: 0.5, refilledAtMs: 0 } });
    expect(admitGraphCall(s, 0, 1, policy)).toEqual({
      kind: 'wait',
      waitMs: 500,
      reason: 'bucket',
      state: s,
    });
  });

  it('makes the first call after the open period the probe, and only it', () => {
    const open = state({ breaker: { status: 'open', openedAtMs: 0 } });
    const probe = admitGraphCall(open, 1000, 1, policy);
    expect(probe).toMatchObject({
      kind: 'go',
      probe: true,
      state: { breaker: { status: 'half_open', probeStartedAtMs: 1000 } },
    });
    expect(admitGraphCall(probe.state, 1001, 1, policy)).toMatchObject({
      kind: 'circuit_open',
      retryAfterMs: 499,
    });
  });

  it('does not spend the probe on a call that must wait for a block', () => {
    const s = state({ breaker: { status: 'open', openedAtMs: 0 }, blockedUntilMs: 2000 });
    const admission = admitGraphCall(s, 1000, 1, policy);
    expect(admission).toEqual({ kind: 'wait', waitMs: 1000, reason: 'blocked', state: s });
  });

  it('paces calls when utilization is high', () => {
    expect(admitGraphCall(state({ utilizationPct: 90 }), 0, 1, policy)).toMatchObject({
      kind: 'go',
      paceMs: 500,
    });
  });
});

describe('recordGraphCall', () => {
  it('opens the breaker after the threshold of failures', () => {
    let s = recordGraphCall(undefined, 0, { kind: 'failed' }, policy);
    expect(s.breaker).toEqual({ status: 'closed', consecutiveFailures: 1 });
    s = recordGraphCall(s, 10, { kind: 'failed' }, policy);
    expect(s.breaker).toEqual({ status: 'open', openedAtMs: 10 });
  });

  it('closes the breaker on an answer, a throttle included: Meta is up', () => {
    const failing = state({ breaker: { status: 'closed', consecutiveFailures: 1 } });
    expect(recordGraphCall(failing, 0, { kind: 'answered' }, policy).breaker).toEqual({
      status: 'closed',
      consecutiveFailures: 0,
    });
    expect(recordGraphCall(failing, 0, { kind: 'throttled' }, policy).breaker).toEqual({
      status: 'closed',
      consecutiveFailures: 0,
    });
  });

  it('blocks the bucket for the time Meta named, never shortening a longer block', () => {
    const s = recordGraphCall(state(), 1000, { kind: 'throttled', blockedForMs: 60_000 }, policy);
    expect(s.blockedUntilMs).toBe(61_000);
    const shorter = recordGraphCall(s, 2000, { kind: 'throttled', blockedForMs: 1000 }, policy);
    expect(shorter.blockedUntilMs).toBe(61_000);
  });

  it('keeps the utilization Meta reported, rounded', () => {
    expect(
      recordGraphCall(state(), 0, { kind: 'answered', utilizationPct: 87.6 }, policy).utilizationPct,
    ).toBe(88);
    expect(
      recordGraphCall(state({ utilizationPct: 40 }), 0, { kind: 'answered' }, policy).utilizationPct,
    ).toBe(40);
  });

  it('stores any utilization pacing ignores as 0, so healthy answers change nothing', () => {
    const low = recordGraphCall(state(), 0, { kind: 'answered', utilizationPct: 12.4 }, policy);
    expect(low.utilizationPct).toBe(0);
    expect(low).toEqual(recordGraphCall(state(), 0, { kind: 'answered', utilizationPct: 79 }, policy));
    expect(
      recordGraphCall(state({ utilizationPct: 95 }), 0, { kind: 'answered', utilizationPct: 30 }, policy)
        .utilizationPct,
    ).toBe(0);
  });

  it('leaves the token bucket alone', () => {
    const s = state({ bucket: { tokens: 2, refilledAtMs: 5 } });
    expect(recordGraphCall(s, 100, { kind: 'failed' }, policy).bucket).toEqual({
      tokens: 2,
      refilledAtMs: 5,
    });
  });
});

describe('pacingDelayMs', () => {
  const pacing = { fromPct: 80, maxDelayMs: 1000 };
  it.each([
    [0, 0],
    [80, 0],
    [85, 250],
    [90, 500],
    [100, 1000],
    [140, 1000],
  ])('at %d %% waits %d ms', (pct, ms) => {
    expect(pacingDelayMs(pct, pacing)).toBe(ms);
  });

  it('is off with a zero delay', () => {
    expect(pacingDelayMs(100, { fromPct: 80, maxDelayMs: 0 })).toBe(0);
  });
});
