import { metaOutcomeOf } from '../campaigns/audit-outcome';
import type { KeyedAnswer } from '../campaigns/idempotency-claim';
import type { AuditEntry, AuditedAction } from '../domain/mutation';
import type { Principal } from '../platform/auth';
import { errorFields } from '../platform/error-fields';
import { AppError, ReplayedRefusalError } from '../platform/errors';
import { logger } from '../platform/observability';
import type { ExperimentDeps } from './experiment-deps';

/**
 * Runs an experiment mutation and records it in the audit trail (level `experiment`, the
 * study's Meta id as the object): its answer, or the refusal with Meta's side. A replay was
 * audited when it first ran, so it is not recorded again.
 */
export async function auditedRun(
  deps: Pick<ExperimentDeps, 'audit' | 'newId' | 'now'>,
  principal: Principal,
  what: { action: AuditedAction; request: AuditEntry['request']; objectId?: string; adAccountId?: string },
  run: () => Promise<KeyedAnswer>,
): Promise<KeyedAnswer> {
  const entry = {
    id: deps.newId(),
    workspaceId: principal.workspaceId,
    at: new Date(deps.now()).toISOString(),
    actor: { kind: principal.actor, sub: principal.sub },
    action: what.action,
    level: 'experiment',
    request: what.request,
    ...(what.objectId ? { objectId: what.objectId } : {}),
    ...(what.adAccountId ? { adAccountId: what.adAccountId } : {}),
  } as const satisfies Omit<AuditEntry, 'outcome'>;
  try {
    const answer = await run();
    if (answer.headers?.['idempotent-replayed'] === undefined) {
      const made = answer.body as { metaStudyId?: string; adAccountId?: string } | undefined;
      await recordAudit(deps, {
        ...entry,
        ...(made?.metaStudyId ? { objectId: made.metaStudyId } : {}),
        ...(made?.adAccountId ? { adAccountId: made.adAccountId } : {}),
        outcome: { status: answer.status },
      });
    }
    return answer;
  } catch (err: unknown) {
    if (err instanceof AppError && !(err instanceof ReplayedRefusalError)) {
      await recordAudit(deps, {
        ...entry,
        outcome: { status: err.status, code: err.code, ...metaOutcomeOf(err) },
      });
    }
    throw err;
  }
}

/** Losing an audit entry must not lose the answer: the failure is logged. */
async function recordAudit(deps: Pick<ExperimentDeps, 'audit'>, entry: AuditEntry): Promise<void> {
  try {
    await deps.audit.append(entry);
  } catch (err: unknown) {
    logger.warn('could not record an experiment in the audit trail', {
      auditId: entry.id,
      error: errorFields(err),
    });
  }
}
