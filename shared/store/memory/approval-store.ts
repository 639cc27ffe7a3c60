import type { Approval, StoredAnswer } from '../../domain/mutation';
import { ConflictError } from '../../platform/errors';
import {
  type ApprovalDecision,
  type ApprovalListOptions,
  type ApprovalPage,
  type ApprovalStore,
  approvalNotFound,
} from '../approval-store';
import { pageOf } from './page-of';

/** Approvals in this process's memory, with the DynamoDB store's decide-once rule, for unit tests. */
export class InMemoryApprovalStore implements ApprovalStore {
  private readonly approvals = new Map<string, Approval>();

  async create(approval: Approval): Promise<void> {
    this.createNow(approval);
  }

  /** `create` without awaiting, for InMemoryMutationCommit; throws if the id exists. */
  createNow(approval: Approval): void {
    if (this.approvals.has(keyOf(approval.workspaceId, approval.id)))
      throw new Error(`Approval ${approval.id} exists`);
    this.approvals.set(keyOf(approval.workspaceId, approval.id), structuredClone(approval));
  }

  async get(workspaceId: string, id: string): Promise<Approval | undefined> {
    const approval = this.approvals.get(keyOf(workspaceId, id));
    return approval ? structuredClone(approval) : undefined;
  }

  has(workspaceId: string, id: string): boolean {
    return this.approvals.has(keyOf(workspaceId, id));
  }

  async decide(workspaceId: string, id: string, decision: ApprovalDecision): Promise<Approval> {
    const approval = this.approvals.get(keyOf(workspaceId, id));
    if (!approval) throw approvalNotFound(id);
    if (approval.status !== 'pending_approval')
      throw new ConflictError('The approval was already decided.', {
        code: 'approval_decided',
        details: { status: approval.status },
      });
    Object.assign(approval, structuredClone(decision));
    return structuredClone(approval);
  }

  async setResult(workspaceId: string, id: string, result: StoredAnswer): Promise<Approval> {
    return structuredClone(this.setResultNow(workspaceId, id, result));
  }

  /** `setResult` without awaiting, for InMemoryMutationCommit. */
  setResultNow(workspaceId: string, id: string, result: StoredAnswer): Approval {
    const approval = this.approvals.get(keyOf(workspaceId, id));
    if (!approval) throw approvalNotFound(id);
    approval.result = structuredClone(result);
    return approval;
  }

  async list(workspaceId: string, options: ApprovalListOptions): Promise<ApprovalPage> {
    const matching = [...this.approvals.values()]
      .filter(
        (a) =>
          a.workspaceId === workspaceId &&
          (options.status === undefined || a.status === options.status) &&
          (options.requestedBySub === undefined || a.requestedBy.sub === options.requestedBySub),
      )
      // Newest first: approval ids sort by creation time.
      .sort((a, b) => b.id.localeCompare(a.id));
    return pageOf(structuredClone(matching), options.limit, options.cursor);
  }
}

function keyOf(workspaceId: string, id: string): string {
  return `${workspaceId}#${id}`;
}
