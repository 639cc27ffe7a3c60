import type { GraphCallState } from '../domain/graph-call-admission';

/** What a `decide` function returns: the state to write (`undefined` = write nothing) and its answer. */
export interface RateLimitDecision<T> {
  next: GraphCallState | undefined;
  result: T;
}

/**
 * Where the rate-limit buckets and circuit breakers live. They are shared by every concurrent
 * Lambda, so an update is read-decide-write with optimistic concurrency: when another writer
 * got in between, `decide` runs again on the fresh state. `decide` must be pure.
 */
export interface RateLimitStore {
  /** The current state of a bucket, or `undefined` when it was never used. */
  get(bucketKey: string): Promise<GraphCallState | undefined>;
  /**
   * Runs `decide` on the current state and writes its `next` atomically.
   * @example await store.update('act_1', (s) => ({ next: recordGraphCall(s, now, outcome, policy), result: undefined }))
   */
  update<T>(
    bucketKey: string,
    decide: (current: GraphCallState | undefined) => RateLimitDecision<T>,
  ): Promise<T>;
}
