import type { GraphCallState } from '../../../shared/domain/graph-call-admission';
import { RateLimitGuard } from '../../../shared/meta/rate-limit-guard';
import { InMemoryRateLimitStore } from '../../../shared/store/memory/rate-limit-store';
import type { RateLimitDecision, RateLimitStore } from '../../../shared/store/rate-limit-store';

/** Counts the round trips (updates) and the writes that reach the store. */
class CountingStore implements RateLimitStore {
  writes = 0;
  updates = 0;
  private readonly inner = new InMemoryRateLimitStore();
  get(key: string) {
    return this.inner.get(key);
  }
  update<T>(key: string, decide: (s: GraphCallState | undefined) => RateLimitDecision<T>): Promise<T> {
    this.updates++;
    return this.inner.update(key, (s) => {
      const decision = decide(s);
      if (decision.next !== undefined) this.writes++;
      return decision;
    });
  }
}

describe('RateLimitGuard', () => {
  it('fills in the default policy around overrides', () => {
    const guard = new RateLimitGuard(new InMemoryRateLimitStore(), { breaker: { failureThreshold: 2 } });
    expect(guard.policy.breaker).toEqual({ failureThreshold: 2, openMs: 60_000, probeTimeoutMs: 30_000 });
    expect(guard.policy.bucket).toEqual({ capacity: 300, refillPerSecond: 30 });
  });

  it('writes on admission only when the call goes', async () => {
    const store = new CountingStore();
    let now = 0;
    const guard = new RateLimitGuard(store, { bucket: { capacity: 1, refillPerSecond: 1 } }, () => now);
    expect((await guard.admit('act_1', 1)).kind).toBe('go');
    expect((await guard.admit('act_1', 1)).kind).toBe('wait');
    expect(store.writes).toBe(1);
    now = 1000;
    expect((await guard.admit('act_1', 1)).kind).toBe('go');
    expect(store.writes).toBe(2);
  });

  it('skips the write when an outcome changes nothing', async () => {
    const store = new CountingStore();
    const guard = new RateLimitGuard(store, {}, () => 0);
    await guard.admit('act_1', 1);
    await guard.record('act_1', { kind: 'answered', utilizationPct: 0 });
    await guard.record('act_1', { kind: 'answered', utilizationPct: 0 });
    expect(store.writes).toBe(1);
    await guard.record('act_1', { kind: 'failed' });
    expect(store.writes).toBe(2);
  });

  it('makes no round trip after a healthy call that changes nothing it was admitted with', async () => {
    const store = new CountingStore();
    const guard = new RateLimitGuard(store, {}, () => 0);
    await guard.admit('act_1', 1);
    expect(store.updates).toBe(1);
    await guard.record('act_1', { kind: 'answered' });
    expect(store.updates).toBe(1);
    // Without an admission of its own to compare with, the outcome is checked against the store.
    await guard.record('act_1', { kind: 'answered' });
    expect(store.updates).toBe(2);
    await guard.admit('act_1', 1);
    // A utilization that pacing acts on (above 80 %) is worth the round trip.
    await guard.record('act_1', { kind: 'answered', utilizationPct: 90 });
    expect(store.updates).toBe(4);
    expect((await store.get('act_1'))?.utilizationPct).toBe(90);
  });

  it('makes no round trip after healthy calls admitted together on one bucket', async () => {
    const store = new CountingStore();
    const guard = new RateLimitGuard(store, {}, () => 0);
    await Promise.all([guard.admit('act_1', 1), guard.admit('act_1', 1), guard.admit('act_1', 1)]);
    expect(store.updates).toBe(3);
    await Promise.all([1, 2, 3].map(() => guard.record('act_1', { kind: 'answered' })));
    expect(store.updates).toBe(3);
    // Every admitted call is recorded: the next healthy outcome is checked against the store.
    await guard.record('act_1', { kind: 'answered' });
    expect(store.updates).toBe(4);
  });

  it('keeps buckets apart', async () => {
    const store = new InMemoryRateLimitStore();
    const guard = new RateLimitGuard(store, {}, () => 0);
    await guard.record('act_1', { kind: 'throttled', blockedForMs: 5000 });
    expect((await guard.admit('act_1', 1)).kind).toBe('wait');
    expect((await guard.admit('act_2', 1)).kind).toBe('go');
  });
});
