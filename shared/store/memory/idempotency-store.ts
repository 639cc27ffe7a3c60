import type { StoredAnswer } from '../../domain/mutation';
import type { ClaimOptions, ClaimResult, IdempotencyScope, IdempotencyStore } from '../idempotency-store';

interface HeldKey {
  fingerprint: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Set while the claim runs: epoch ms after which another request may take it over. */
  inFlightUntil?: number;
  answer?: StoredAnswer;
}

/** Idempotency keys in this process's memory, with the DynamoDB store's claim rules, for unit tests. */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly keys = new Map<string, HeldKey>();
  private readonly now: () => Date;

  /** @param now @default () => new Date() */
  constructor(options: { now?: () => Date } = {}) {
    this.now = options.now ?? (() => new Date());
  }

  async claim(scope: IdempotencyScope, fingerprint: string, options: ClaimOptions): Promise<ClaimResult> {
    const nowMs = this.now().getTime();
    const held = this.keys.get(idOf(scope));
    const free =
      !held || held.expiresAt < nowMs || (held.inFlightUntil !== undefined && held.inFlightUntil < nowMs);
    if (free) {
      const resumed = held !== undefined && !held.answer && held.expiresAt >= nowMs;
      this.keys.set(idOf(scope), {
        fingerprint,
        expiresAt: nowMs + options.ttlSeconds * 1000,
        inFlightUntil: nowMs + options.inFlightSeconds * 1000,
      });
      return { kind: 'claimed', resumed };
    }
    if (held.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (!held.answer) return { kind: 'in_flight' };
    return { kind: 'replay', answer: structuredClone(held.answer) };
  }

  async release(
    scope: IdempotencyScope,
    fingerprint: string,
    options: { mayHaveApplied?: boolean } = {},
  ): Promise<void> {
    const held = this.keys.get(idOf(scope));
    if (!held || held.answer || held.fingerprint !== fingerprint) return;
    if (options.mayHaveApplied) held.inFlightUntil = 0;
    else this.keys.delete(idOf(scope));
  }

  async complete(
    scope: IdempotencyScope,
    fingerprint: string,
    answer: StoredAnswer,
    ttlSeconds: number,
  ): Promise<void> {
    this.completeNow(scope, fingerprint, answer, ttlSeconds);
  }

  /** `complete` without awaiting, for InMemoryMutationCommit's all-or-nothing write. */
  completeNow(scope: IdempotencyScope, fingerprint: string, answer: StoredAnswer, ttlSeconds: number): void {
    this.keys.set(idOf(scope), {
      fingerprint,
      expiresAt: this.now().getTime() + ttlSeconds * 1000,
      answer: structuredClone(answer),
    });
  }
}

function idOf(scope: IdempotencyScope): string {
  return `${scope.workspaceId}#${scope.key}`;
}
