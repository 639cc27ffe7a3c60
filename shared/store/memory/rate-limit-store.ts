import type { GraphCallState } from '../../domain/graph-call-admission';
import type { RateLimitDecision, RateLimitStore } from '../rate-limit-store';

/**
 * Buckets in this process's memory: for unit tests, benchmarks and single-process tools.
 * Lambdas use the DynamoDB store, where the state is shared.
 */
export class InMemoryRateLimitStore implements RateLimitStore {
  private readonly states = new Map<string, GraphCallState>();

  async get(bucketKey: string): Promise<GraphCallState | undefined> {
    return this.states.get(bucketKey);
  }

  async update<T>(
    bucketKey: string,
    decide: (current: GraphCallState | undefined) => RateLimitDecision<T>,
  ): Promise<T> {
    const { next, result } = decide(this.states.get(bucketKey));
    if (next !== undefined) this.states.set(bucketKey, next);
    return result;
  }
}
