import { randomBytes } from 'node:crypto';
import { actionsOf, agentDecision, agentDeniedError } from '../domain/agent-matrix';
import { createMarker } from '../domain/create-marker';
import { IDEMPOTENCY_TTL_SECONDS, isReplayable, requestFingerprint } from '../domain/idempotency';
import type { Actor, ManagedObject } from '../domain/managed-object';
import type { Approval, AuditEntry, MutationRequest, StoredAnswer } from '../domain/mutation';
import { spendCapBreach, spendCapError } from '../domain/spend-caps';
import type { Principal } from '../platform/auth';
import { AppError, MetaError } from '../platform/errors';
import { logger } from '../platform/observability';
import type { IdempotencyScope } from '../store/idempotency-store';
import { applyAtMeta, type MetaWrite, validateAtMeta } from './apply-at-meta';
import { metaOutcomeOf } from './audit-outcome';
import type { CampaignDeps } from './campaign-deps';
import { answerOfClaim, claimKey, type KeyedAnswer } from './idempotency-claim';
import { objectView } from './object-view';
import { planMutation, startEarlyReads } from './plan-mutation';
import { refusalAnswer } from './refusal-answer';
import { loadWorkspace, type WorkspaceContext } from './workspace-context';

export interface MutationOptions {
  dryRun: boolean;
  idempotencyKey?: string;
  /** Set when a user's approval runs an agent's held mutation: the matrix has spoken, caps have not. */
  approval?: { id: string; approvedBy: Actor; requestedBy: Actor };
  /** The workspace already loaded by the caller (a bulk request loads it once for all its operations). */
  workspace?: Promise<WorkspaceContext>;
}

/** What a mutation answers: the object, nothing (a delete), a dry run, or a held approval. */
export type MutationAnswer = KeyedAnswer;

/**
 * Every mutation of a campaign, ad set or ad, from a route, a bulk operation or an approval:
 * exactly once under its Idempotency-Key, the currency first, then Meta's rules, the agent
 * matrix, the spend caps, and only then Meta. A refusal changes nothing at Meta or in the
 * mirror; what happened (refusals and proposals too) lands in the audit trail in the same
 * write as the mirror and the stored answer.
 */
export async function runMutation(
  deps: CampaignDeps,
  principal: Principal,
  request: MutationRequest,
  options: MutationOptions,
): Promise<MutationAnswer> {
  const workspaceId = principal.workspaceId;
  const key = options.dryRun ? undefined : options.idempotencyKey;
  const scope: IdempotencyScope | undefined = key ? { workspaceId, key } : undefined;
  const fingerprint = requestFingerprint(request.method, request.path, request.body ?? null);
  const lastPick = options.workspace ? undefined : deps.recentPicks.get(workspaceId);
  const early = lastPick ? startEarlyReads(deps, lastPick, request) : undefined;
  const earlyAccount = lastPick ? deps.assets.get(workspaceId, 'ad-accounts', lastPick) : undefined;
  earlyAccount?.catch(() => undefined);
  const [claimed, context] = await Promise.allSettled([
    scope ? claimKey(deps.idempotency, scope, fingerprint) : Promise.resolve(undefined),
    options.workspace ??
      loadWorkspace(
        deps,
        workspaceId,
        lastPick && earlyAccount ? { adAccountId: lastPick, account: earlyAccount } : undefined,
      ),
  ]);
  if (claimed.status === 'rejected') throw claimed.reason;
  const claim = claimed.value;
  const replay = answerOfClaim(claim);
  if (replay) return replay;
  const held = scope && claim?.kind === 'claimed' ? { scope, fingerprint } : undefined;
  if (context.status === 'rejected') {
    if (held) await deps.idempotency.release(held.scope, held.fingerprint);
    throw context.reason;
  }
  const actor: Actor = options.approval?.requestedBy ?? { kind: principal.actor, sub: principal.sub };
  const audit = auditDraft(deps, workspaceId, actor, request, options);
  let plan: Awaited<ReturnType<typeof planMutation>> | undefined;
  // Set once Meta applied the write: what fails after it must not read as "nothing happened".
  let applied = false;
  try {
    const picked = context.value.connection.adAccountId;
    if (picked) deps.recentPicks.remember(workspaceId, picked);
    plan = await planMutation(deps, context.value, request, early);
    audit.adAccountId = plan.account.id;
    if (plan.before) audit.before = plan.before;
    if (request.id) audit.objectId = request.id;

    const checks = actionsOf(request, plan.before);
    const decision =
      actor.kind === 'agent' && !options.approval
        ? agentDecision(context.value.controls.agentMatrix, request.level, checks)
        : ({ effect: 'allow' } as const);
    if (decision.effect === 'deny') throw agentDeniedError(decision);

    const breach = spendCapBreach(
      context.value.controls.spendCaps,
      { ...(plan.before ? { before: plan.before } : {}), after: plan.after },
      plan.accountObjects,
    );
    if (breach) throw spendCapError(breach);

    const write: MetaWrite = {
      op: request.op,
      level: request.level,
      adAccountId: plan.account.id,
      ...(request.id ? { objectId: request.id } : {}),
      params: plan.params,
    };
    const tokens = await context.value.tokens();

    if (options.dryRun) {
      await validateAtMeta(deps, tokens, write);
      return {
        status: 200,
        body: {
          dryRun: true,
          wouldApply: {
            op: request.op,
            level: request.level,
            object: objectView(plan.after),
            meta: plan.params,
          },
          ...(decision.effect === 'approve' ? { needsApproval: true } : {}),
        },
      };
    }

    if (decision.effect === 'approve') {
      const approval: Approval = {
        id: deps.newId(),
        workspaceId,
        status: 'pending_approval',
        requestedBy: actor,
        requestedAt: audit.at,
        request,
        ...(key ? { idempotencyKey: key } : {}),
        rule: { level: decision.rule.level, action: decision.rule.action, effect: 'approve' },
        adAccountId: plan.account.id,
      };
      const answer: StoredAnswer = {
        status: 202,
        body: { approvalId: approval.id, status: 'pending_approval' },
      };
      await deps.commit.commit({
        approval,
        audit: { ...audit, approvalId: approval.id, outcome: { status: 202, code: 'pending_approval' } },
        ...(held ? { idempotency: { ...held, answer, ttlSeconds: IDEMPOTENCY_TTL_SECONDS } } : {}),
      });
      return answer;
    }

    const marker =
      request.op === 'create'
        ? createMarker(workspaceId, key, () => randomBytes(8).toString('hex'))
        : undefined;
    if (marker) write.params = { ...write.params, adlabels: [{ name: marker }] };
    if (marker) write.marker = marker;
    if (claim?.kind === 'claimed' && claim.resumed) write.mayExist = true;
    const objectId = await applyAtMeta(deps, tokens, write);
    applied = true;

    const nowIso = new Date(deps.now()).toISOString();
    const stored: ManagedObject = {
      ...plan.after,
      id: objectId,
      ...(request.op === 'create'
        ? {
            createdBy: actor,
            createdAt: nowIso,
            ...(options.approval ? { approvedBy: options.approval.approvedBy } : {}),
          }
        : {}),
      updatedBy: actor,
      updatedAt: nowIso,
    };
    const answer: StoredAnswer =
      request.op === 'delete'
        ? { status: 204 }
        : { status: request.op === 'create' ? 201 : 200, body: objectView(stored) };
    await deps.commit.commit({
      object: stored,
      audit: { ...audit, objectId, after: stored, outcome: { status: answer.status } },
      ...(held ? { idempotency: { ...held, answer, ttlSeconds: IDEMPOTENCY_TTL_SECONDS } } : {}),
    });
    // Only after the commit: the follow-up removes the marker, which a retry of a failed
    // commit needs to find the object instead of creating it twice.
    if (marker) {
      await deps.followUps
        .send({ workspaceId, adAccountId: plan.account.id, level: request.level, objectId, marker })
        .catch((err: unknown) => logger.warn('create follow-up not queued', { objectId, err: String(err) }));
    }
    return answer;
  } catch (err: unknown) {
    await settleFailure(deps, held, audit, err, { dryRun: options.dryRun, applied });
    throw err;
  }
}

type AuditDraft = Omit<AuditEntry, 'outcome'> & { outcome?: AuditEntry['outcome'] };

function auditDraft(
  deps: Pick<CampaignDeps, 'now' | 'newId'>,
  workspaceId: string,
  actor: Actor,
  request: MutationRequest,
  options: MutationOptions,
): AuditDraft {
  return {
    id: deps.newId(),
    workspaceId,
    at: new Date(deps.now()).toISOString(),
    actor,
    action: request.op,
    level: request.level,
    ...(request.id ? { objectId: request.id } : {}),
    request: { method: request.method, path: request.path, ...(request.body ? { body: request.body } : {}) },
    ...(options.approval ? { approvalId: options.approval.id } : {}),
  };
}

/**
 * A mutation that failed: a final refusal is audited and, under a key, stored to be
 * replayed; anything a retry may fix (409, 429, 5xx) frees the key, so the retry tries again.
 * When Meta applied (or may have applied) the write, nothing is stored: the key stays, marked
 * so that the retry looks for the object before creating it. Dry runs record nothing.
 */
async function settleFailure(
  deps: CampaignDeps,
  held: { scope: IdempotencyScope; fingerprint: string } | undefined,
  audit: AuditDraft,
  err: unknown,
  attempt: { dryRun: boolean; applied: boolean },
): Promise<void> {
  if (attempt.dryRun) return;
  const status = err instanceof AppError ? err.status : 500;
  const code = err instanceof AppError ? err.code : 'internal_error';
  const entry: AuditEntry = { ...audit, outcome: { status, code, ...metaOutcomeOf(err) } };
  try {
    if (held && isReplayable(status) && err instanceof AppError && !attempt.applied) {
      const answer = refusalAnswer(err);
      await deps.commit.commit({
        audit: entry,
        idempotency: { ...held, answer, ttlSeconds: IDEMPOTENCY_TTL_SECONDS },
      });
      return;
    }
    // A lost answer may have applied at Meta, a failed commit did: the key stays, free at once,
    // so the retry looks first.
    const mayHaveApplied = attempt.applied || (err instanceof MetaError && err.graph.ambiguous === true);
    await Promise.all([
      deps.audit.append(entry),
      held ? deps.idempotency.release(held.scope, held.fingerprint, { mayHaveApplied }) : undefined,
    ]);
  } catch (settleErr: unknown) {
    logger.warn('could not record a failed mutation', { auditId: entry.id, err: String(settleErr) });
  }
}
