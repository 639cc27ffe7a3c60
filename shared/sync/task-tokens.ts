import type { FailedToken, TokenCandidate } from '../meta/token-failover';

/**
 * The tokens one sync task may use, in the order to try them. A token Meta reports invalid
 * (revoked, expired) is out for the whole task and its deferred continuations; a permission
 * refusal only concerns the edge it happened on (the reader keeps those).
 */
export class TaskTokens {
  private readonly invalid: Set<string>;

  constructor(
    private readonly usable: readonly TokenCandidate[],
    invalidIds: readonly string[] = [],
  ) {
    this.invalid = new Set(invalidIds);
  }

  /** Tokens still worth trying, best first. */
  candidates(): TokenCandidate[] {
    return this.usable.filter((token) => !this.invalid.has(token.id));
  }

  fail(token: FailedToken): void {
    if (token.needsReauth) this.invalid.add(token.id);
  }

  /** Tokens that still work, sorted. */
  workingIds(): string[] {
    return this.candidates()
      .map((token) => token.id)
      .sort();
  }

  invalidIds(): string[] {
    return [...this.invalid].sort();
  }
}
