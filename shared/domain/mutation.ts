import { type Actor, type ManagedLevel, type ManagedObject, managedLevels } from './managed-object';

/** The mutations of the campaign routes and of `POST /meta/bulk`. */
export const mutationOps = ['create', 'update', 'pause', 'resume', 'delete'] as const;
export type MutationOp = (typeof mutationOps)[number];

/**
 * One mutation as asked: what the route (or a bulk operation, or an approval when it runs)
 * hands the mutation service. `body` has passed the route's zod schema. `method` and `path`
 * are the REST route's, so an idempotency fingerprint and an audit entry read the same
 * whichever way the mutation came in.
 */
export interface MutationRequest {
  op: MutationOp;
  level: ManagedLevel;
  /** The object's id; absent on create. */
  id?: string;
  body?: Record<string, unknown>;
  method: 'POST' | 'PATCH' | 'DELETE';
  path: string;
}

/** A stored answer: what a replay, an approval's result and a bulk result carry. */
export interface StoredAnswer {
  status: number;
  body?: unknown;
}

/** Meta's side of an outcome, when Meta was called. */
export interface MetaOutcome {
  code?: number;
  subcode?: number;
  title?: string;
  message?: string;
}

/**
 * What the audit trail records changes of: the campaign levels, creatives made at Meta and
 * split tests (experiments).
 */
export const auditedLevels = [...managedLevels, 'creative', 'experiment'] as const;
export type AuditedLevel = (typeof auditedLevels)[number];

/** What an audit entry says was done: a mutation, or an experiment's cancel (its end moved at Meta). */
export const auditedActions = [...mutationOps, 'cancel'] as const;
export type AuditedAction = (typeof auditedActions)[number];

/** DESIGN §5 audit entry; denied and proposed changes are recorded too. */
export interface AuditEntry {
  id: string;
  workspaceId: string;
  at: string;
  actor: Actor;
  action: AuditedAction;
  level: AuditedLevel;
  objectId?: string;
  adAccountId?: string;
  request: { method: string; path: string; body?: unknown; dryRun?: boolean };
  before?: ManagedObject;
  after?: ManagedObject;
  outcome: { status: number; code?: string; meta?: MetaOutcome };
  approvalId?: string;
}

export type ApprovalStatus = 'pending_approval' | 'approved' | 'rejected';

/** An agent mutation held for a user's decision (an `approve` rule of the matrix). */
export interface Approval {
  id: string;
  workspaceId: string;
  status: ApprovalStatus;
  requestedBy: Actor;
  requestedAt: string;
  request: MutationRequest;
  /** The agent's Idempotency-Key, if any: the approved run is exactly-once under it. */
  idempotencyKey?: string;
  /** The rule that asked for approval. */
  rule: { level: ManagedLevel; action: string; effect: 'approve' };
  adAccountId?: string;
  decidedBy?: Actor;
  decidedAt?: string;
  result?: StoredAnswer;
}
