import type { Actor } from '../domain/managed-object';
import type { Approval, StoredAnswer } from '../domain/mutation';
import type { Principal } from '../platform/auth';
import { AppError, NotFoundError } from '../platform/errors';
import type { CampaignDeps } from './campaign-deps';
import { refusalAnswer } from './refusal-answer';
import { runMutation } from './run-mutation';

const actorView = (actor: Actor) => ({ actor: actor.kind, sub: actor.sub });

export function approvalView(approval: Approval) {
  return {
    id: approval.id,
    status: approval.status,
    requestedBy: actorView(approval.requestedBy),
    requestedAt: approval.requestedAt,
    level: approval.request.level,
    action: approval.request.op,
    ...(approval.request.id ? { objectId: approval.request.id } : {}),
    ...(approval.adAccountId ? { adAccountId: approval.adAccountId } : {}),
    request: {
      method: approval.request.method,
      path: approval.request.path,
      ...(approval.request.body ? { body: approval.request.body } : {}),
    },
    rule: approval.rule,
    ...(approval.decidedBy ? { decidedBy: actorView(approval.decidedBy) } : {}),
    ...(approval.decidedAt ? { decidedAt: approval.decidedAt } : {}),
    ...(approval.result ? { result: approval.result } : {}),
  };
}

/** The workspace's approvals, newest first; an agent sees the ones it asked for. */
export async function listApprovals(
  deps: Pick<CampaignDeps, 'approvals'>,
  principal: Principal,
  query: { limit: number; cursor?: string; status?: Approval['status'] },
) {
  const page = await deps.approvals.list(principal.workspaceId, {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(principal.actor === 'agent' ? { requestedBySub: principal.sub } : {}),
  });
  return { items: page.items.map(approvalView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/**
 * A user approves: the decision is taken once (a second → 409 `approval_decided`), then the
 * held mutation runs as the agent's with the user as approver, exactly once under a key of the
 * approval's own, the caps checked again as they stand now.
 */
export async function approve(deps: CampaignDeps, principal: Principal, approvalId: string) {
  const decided = await decide(deps, principal, approvalId, 'approved');
  const approver: Actor = { kind: principal.actor, sub: principal.sub };
  let result: StoredAnswer;
  try {
    const answer = await runMutation(deps, principal, decided.request, {
      dryRun: false,
      idempotencyKey: `approval:${decided.id}`,
      approval: { id: decided.id, approvedBy: approver, requestedBy: decided.requestedBy },
    });
    result = { status: answer.status, ...(answer.body === undefined ? {} : { body: answer.body }) };
  } catch (err: unknown) {
    if (!(err instanceof AppError)) throw err;
    result = refusalAnswer(err);
  }
  await deps.approvals.setResult(principal.workspaceId, decided.id, result);
  return { approvalId: decided.id, status: 'approved' as const, result };
}

/** A user rejects: the held mutation never runs; the audit trail says who said no. */
export async function reject(deps: CampaignDeps, principal: Principal, approvalId: string) {
  const decided = await decide(deps, principal, approvalId, 'rejected');
  await deps.audit.append({
    id: deps.newId(),
    workspaceId: principal.workspaceId,
    at: decided.decidedAt ?? new Date(deps.now()).toISOString(),
    actor: { kind: principal.actor, sub: principal.sub },
    action: decided.request.op,
    level: decided.request.level,
    ...(decided.request.id ? { objectId: decided.request.id } : {}),
    ...(decided.adAccountId ? { adAccountId: decided.adAccountId } : {}),
    request: { method: decided.request.method, path: decided.request.path },
    outcome: { status: 200, code: 'approval_rejected' },
    approvalId: decided.id,
  });
  return { approvalId: decided.id, status: 'rejected' as const };
}

async function decide(
  deps: Pick<CampaignDeps, 'approvals' | 'now'>,
  principal: Principal,
  approvalId: string,
  status: 'approved' | 'rejected',
): Promise<Approval> {
  const existing = await deps.approvals.get(principal.workspaceId, approvalId);
  if (!existing) throw new NotFoundError(`Approval ${approvalId} was not found.`);
  return deps.approvals.decide(principal.workspaceId, approvalId, {
    status,
    decidedBy: { kind: principal.actor, sub: principal.sub },
    decidedAt: new Date(deps.now()).toISOString(),
  });
}
