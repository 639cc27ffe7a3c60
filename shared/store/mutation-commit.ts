import type { ManagedObject } from '../domain/managed-object';
import type { Approval, AuditEntry, StoredAnswer } from '../domain/mutation';
import type { IdempotencyScope } from './idempotency-store';

/** Everything a mutation's outcome writes. */
export interface MutationCommitParts {
  /** The mirror's new state of the object. */
  object?: ManagedObject;
  audit: AuditEntry;
  /** The final answer stored under the request's Idempotency-Key. */
  idempotency?: { scope: IdempotencyScope; fingerprint: string; answer: StoredAnswer; ttlSeconds: number };
  /** A new pending approval (an agent mutation under an `approve` rule). */
  approval?: Approval;
  /** What an approved run answered, on its approval. */
  approvalResult?: { workspaceId: string; id: string; result: StoredAnswer };
}

/**
 * Writes a mutation's outcome in one transaction: the mirror write, the audit entry, the
 * stored answer and the approval land together or not at all, so a crash never leaves a
 * replayable answer without its mirror state or an audit trail missing a change.
 * A missing approval for `approvalResult` throws NotFoundError and writes nothing.
 */
export interface MutationCommit {
  commit(parts: MutationCommitParts): Promise<void>;
}
