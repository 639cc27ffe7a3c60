import {
  backoffCeilingMs,
  backoffDelayMs,
  DEFAULT_BACKOFF,
  equalJitterDelayMs,
} from '../../../shared/domain/backoff';

describe('backoff', () => {
  const policy = { baseMs: 100, capMs: 1000 };

  it('doubles the ceiling per retry up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5].map((r) => backoffCeilingMs(r, policy))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('applies full jitter: a uniform share of the ceiling', () => {
    expect(backoffDelayMs(0, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(2, policy, () => 0.5)).toBe(200);
    expect(backoffDelayMs(3, policy, () => 0.999)).toBe(799);
  });

  it('gives increasing delays for the same random draw', () => {
    const delays = [0, 1, 2, 3].map((r) => backoffDelayMs(r, DEFAULT_BACKOFF, () => 0.75));
    expect(delays).toEqual([18, 37, 75, 150]);
  });

  it('keeps a random outside [0, 1] inside the ceiling', () => {
    expect(backoffDelayMs(1, policy, () => 7)).toBe(200);
    expect(backoffDelayMs(1, policy, () => -1)).toBe(0);
  });

  it('treats a negative retry as the first', () => {
    expect(backoffCeilingMs(-3, policy)).toBe(100);
  });

  it('equal jitter keeps at least half the ceiling', () => {
    expect(equalJitterDelayMs(0, policy, () => 0)).toBe(50);
    expect(equalJitterDelayMs(1, policy, () => 0.5)).toBe(150);
    expect(equalJitterDelayMs(4, policy, () => 1)).toBe(1000);
  });
});
