import { fullBucket, refillBucket, takeTokens } from '../../../shared/domain/token-bucket';

const policy = { capacity: 10, refillPerSecond: 2 };

describe('token bucket', () => {
  it('starts full', () => {
    expect(fullBucket(policy, 1000)).toEqual({ tokens: 10, refilledAtMs: 1000 });
  });

  it('refills continuously up to the capacity', () => {
    expect(refillBucket({ tokens: 0, refilledAtMs: 0 }, 1500, policy)).toEqual({
      tokens: 3,
      refilledAtMs: 1500,
    });
    expect(refillBucket({ tokens: 9, refilledAtMs: 0 }, 10_000, policy)).toEqual({
      tokens: 10,
      refilledAtMs: 10_000,
    });
  });

  it('earns nothing when the clock runs behind the last refill', () => {
    expect(refillBucket({ tokens: 4, refilledAtMs: 5000 }, 4000, policy)).toEqual({
      tokens: 4,
      refilledAtMs: 5000,
    });
  });

  it('takes the cost when the bucket holds it', () => {
    const result = takeTokens({ tokens: 5, refilledAtMs: 0 }, 3, 0, policy);
    expect(result).toEqual({ ok: true, state: { tokens: 2, refilledAtMs: 0 } });
  });

  it('takes exactly the last tokens', () => {
    expect(takeTokens({ tokens: 3, refilledAtMs: 0 }, 3, 0, policy)).toEqual({
      ok: true,
      state: { tokens: 0, refilledAtMs: 0 },
    });
  });

  it('counts the refill before deciding', () => {
    const result = takeTokens({ tokens: 0, refilledAtMs: 0 }, 3, 1500, policy);
    expect(result).toEqual({ ok: true, state: { tokens: 0, refilledAtMs: 1500 } });
  });

  it('says how long until the cost is there, taking nothing', () => {
    const result = takeTokens({ tokens: 1, refilledAtMs: 0 }, 3, 0, policy);
    expect(result).toEqual({ ok: false, waitMs: 1000, state: { tokens: 1, refilledAtMs: 0 } });
  });

  it('rounds the wait up to a whole millisecond', () => {
    const result = takeTokens({ tokens: 0, refilledAtMs: 0 }, 1, 0, { capacity: 10, refillPerSecond: 3 });
    expect(result).toMatchObject({ ok: false, waitMs: 334 });
  });

  it('charges a cost above the capacity as the capacity', () => {
    expect(takeTokens({ tokens: 10, refilledAtMs: 0 }, 50, 0, policy)).toEqual({
      ok: true,
      state: { tokens: 0, refilledAtMs: 0 },
    });
  });

  it('lets a sequence of calls through at the refill rate', () => {
    let state = { tokens: 0, refilledAtMs: 0 };
    let now = 0;
    let passed = 0;
    for (let step = 0; step < 100; step++) {
      const result = takeTokens(state, 1, now, policy);
      state = result.state;
      if (result.ok) passed++;
      now += 100;
    }
    // 10 s at 2 tokens/s, minus the last step's partial refill.
    expect(passed).toBe(19);
  });
});
