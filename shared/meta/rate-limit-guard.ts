import type { CircuitBreakerPolicy } from '../domain/circuit-breaker';
import {
  admitGraphCall,
  DEFAULT_GRAPH_CALL_POLICY,
  type GraphCallAdmission,
  type GraphCallOutcome,
  type GraphCallPolicy,
  type GraphCallState,
  type PacingPolicy,
  recordGraphCall,
} from '../domain/graph-call-admission';
import type { TokenBucketPolicy } from '../domain/token-bucket';
import type { RateLimitStore } from '../store/rate-limit-store';

export interface RateLimitPolicyOverrides {
  bucket?: Partial<TokenBucketPolicy>;
  breaker?: Partial<CircuitBreakerPolicy>;
  pacing?: Partial<PacingPolicy>;
}

/**
 * The Graph client's side of the shared buckets: asks the store for admission before a call and
 * records its outcome after, running the pure decisions of `graph-call-admission` on the state
 * the store holds (so concurrent Lambdas see each other's calls, failures and blocks).
 */
export class RateLimitGuard {
  readonly policy: GraphCallPolicy;
  /**
   * Per bucket, the state this process last wrote at admission and how many admitted calls
   * have not been recorded yet (a task reads several edges on one bucket at once).
   */
  private readonly admitted = new Map<string, { state: GraphCallState; calls: number }>();

  constructor(
    private readonly store: RateLimitStore,
    overrides: RateLimitPolicyOverrides = {},
    private readonly now: () => number = Date.now,
  ) {
    this.policy = {
      bucket: { ...DEFAULT_GRAPH_CALL_POLICY.bucket, ...overrides.bucket },
      breaker: { ...DEFAULT_GRAPH_CALL_POLICY.breaker, ...overrides.breaker },
      pacing: { ...DEFAULT_GRAPH_CALL_POLICY.pacing, ...overrides.pacing },
    };
  }

  /** Takes the call's points and, if it is one, the half-open probe slot; writes only on `go`. */
  async admit(bucketKey: string, cost: number): Promise<GraphCallAdmission> {
    const admission = await this.store.update(bucketKey, (current) => {
      const admission = admitGraphCall(current, this.now(), cost, this.policy);
      return { next: admission.kind === 'go' ? admission.state : undefined, result: admission };
    });
    if (admission.kind === 'go') {
      const calls = (this.admitted.get(bucketKey)?.calls ?? 0) + 1;
      this.admitted.set(bucketKey, { state: admission.state, calls });
    }
    return admission;
  }

  /**
   * Applies the outcome; skips the write when nothing changed (the common, healthy case). When
   * the outcome would not change the state this call was admitted with, not even the read is
   * made: a healthy answer costs no round trip after the call. (A failure another Lambda
   * counted meanwhile is then not reset by this success; the breaker may open one failure
   * early, never late.)
   */
  async record(bucketKey: string, outcome: GraphCallOutcome): Promise<void> {
    const admitted = this.admitted.get(bucketKey);
    if (admitted) {
      admitted.calls -= 1;
      if (admitted.calls <= 0) this.admitted.delete(bucketKey);
    }
    const unchanged =
      admitted &&
      sameState(admitted.state, recordGraphCall(admitted.state, this.now(), outcome, this.policy));
    if (unchanged) return;
    await this.store.update(bucketKey, (current) => {
      const next = recordGraphCall(current, this.now(), outcome, this.policy);
      return {
        next: current !== undefined && sameState(current, next) ? undefined : next,
        result: undefined,
      };
    });
  }
}

/** Structural equality; key order differs between what we build and what DynamoDB returns. */
function sameState(a: GraphCallState, b: GraphCallState): boolean {
  return deepEqual(a, b);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
