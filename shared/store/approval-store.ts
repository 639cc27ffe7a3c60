import type { Actor } from '../domain/managed-object';
import type { Approval, ApprovalStatus, StoredAnswer } from '../domain/mutation';
import { NotFoundError } from '../platform/errors';

export interface ApprovalDecision {
  status: Extract<ApprovalStatus, 'approved' | 'rejected'>;
  decidedBy: Actor;
  decidedAt: string;
}

export interface ApprovalListOptions {
  limit: number;
  cursor?: string;
  status?: ApprovalStatus;
  requestedBySub?: string;
}

export interface ApprovalPage {
  items: Approval[];
  nextCursor?: string;
}

/** Agent mutations held for a user's decision. */
export interface ApprovalStore {
  create(approval: Approval): Promise<void>;
  get(workspaceId: string, id: string): Promise<Approval | undefined>;
  /**
   * Decides a pending approval, once: a second decision throws ConflictError
   * `approval_decided` (details `{status}`), an unknown id NotFoundError.
   */
  decide(workspaceId: string, id: string, decision: ApprovalDecision): Promise<Approval>;
  /** Records what the approved run answered; an unknown id throws NotFoundError. */
  setResult(workspaceId: string, id: string, result: StoredAnswer): Promise<Approval>;
  /** Newest first; filters keep filling the page until `limit` approvals or the end. */
  list(workspaceId: string, options: ApprovalListOptions): Promise<ApprovalPage>;
}

/** Width of the id's time part: base36 milliseconds, enough until the year 5188. */
const TIME_DIGITS = 9;

/**
 * A new approval id, `ap_<time><random>` of [A-Za-z0-9_-] only: the time part comes first at
 * a fixed width, so ids (and the sort keys built from them) sort by creation time.
 * @example newApprovalId(new Date(), (n) => crypto.getRandomValues(new Uint8Array(n)))
 */
export function newApprovalId(now: Date, random: (bytes: number) => Uint8Array): string {
  const time = now.getTime().toString(36).padStart(TIME_DIGITS, '0');
  return `ap_${time}${Buffer.from(random(9)).toString('base64url')}`;
}

/** An approval id unknown in the workspace (or another workspace's): 404. */
export function approvalNotFound(id: string): NotFoundError {
  return new NotFoundError(`Approval ${id} was not found.`);
}
