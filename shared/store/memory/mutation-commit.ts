import { approvalNotFound } from '../approval-store';
import type { MutationCommit, MutationCommitParts } from '../mutation-commit';
import type { InMemoryApprovalStore } from './approval-store';
import type { InMemoryAuditStore } from './audit-store';
import type { InMemoryIdempotencyStore } from './idempotency-store';
import type { InMemoryManagedObjectStore } from './managed-object-store';

export interface InMemoryMutationCommitStores {
  objects: InMemoryManagedObjectStore;
  audit: InMemoryAuditStore;
  idempotency: InMemoryIdempotencyStore;
  approvals: InMemoryApprovalStore;
}

/**
 * The commit over the in-memory stores, all or nothing like the DynamoDB transaction: every
 * precondition is checked before anything is written, and nothing awaits in between.
 * `failNextWith` makes the next commit throw having written nothing (a crash or a
 * cancelled transaction), for tests of what a failed commit leaves behind.
 */
export class InMemoryMutationCommit implements MutationCommit {
  readonly commits: MutationCommitParts[] = [];
  private pendingFailure: Error | undefined;

  constructor(private readonly stores: InMemoryMutationCommitStores) {}

  failNextWith(error: Error): void {
    this.pendingFailure = error;
  }

  async commit(parts: MutationCommitParts): Promise<void> {
    const failure = this.pendingFailure;
    this.pendingFailure = undefined;
    if (failure) throw failure;
    const { approval, approvalResult } = parts;
    const sameApproval =
      approval && approvalResult?.workspaceId === approval.workspaceId && approvalResult.id === approval.id;
    if (approval && this.stores.approvals.has(approval.workspaceId, approval.id))
      throw new Error(`Approval ${approval.id} exists`);
    if (
      approvalResult &&
      !sameApproval &&
      !this.stores.approvals.has(approvalResult.workspaceId, approvalResult.id)
    )
      throw approvalNotFound(approvalResult.id);

    if (parts.object) this.stores.objects.putNow(parts.object);
    this.stores.audit.appendNow(parts.audit);
    if (parts.idempotency) {
      const { scope, fingerprint, answer, ttlSeconds } = parts.idempotency;
      this.stores.idempotency.completeNow(scope, fingerprint, answer, ttlSeconds);
    }
    if (approval)
      this.stores.approvals.createNow(
        sameApproval ? { ...approval, result: approvalResult.result } : approval,
      );
    if (approvalResult && !sameApproval)
      this.stores.approvals.setResultNow(
        approvalResult.workspaceId,
        approvalResult.id,
        approvalResult.result,
      );
    this.commits.push(structuredClone(parts));
  }
}
