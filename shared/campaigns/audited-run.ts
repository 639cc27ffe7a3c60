import type { AuditEntry, AuditedAction, AuditedLevel } from '../domain/mutation';
import type { Principal } from '../platform/auth';
import { errorFields } from '../platform/error-fields';
import { AppError, ReplayedRefusalError } from '../platform/errors';
import { logger } from '../platform/observability';
import type { AuditStore } from '../store/audit-store';
import { metaOutcomeOf } from './audit-outcome';
import type { KeyedAnswer } from './idempotency-claim';

export interface AuditedRunDeps {
  audit: Pick<AuditStore, 'append'>;
  newId: () => string;
  now: () => number;
}

/** What is audited: the route's request, and where the made object's ids sit in the answer. */
export interface AuditedWork {
  level: AuditedLevel;
  action: AuditedAction;
  request: AuditEntry['request'];
  objectId?: string;
  adAccountId?: string;
  /** The ids of what the answer made (a creative's Meta id, a study's): the entry's object. */
  madeOf?: (body: unknown) => { objectId?: string | undefined; adAccountId?: string | undefined };
}

/**
 * Runs a keyed write that is not a campaign mutation (creatives, experiments) and records it
 * in the audit trail: its answer, or the refusal with Meta's side. A replay was audited when
 * it first ran, so it is not recorded again; a lost audit entry never loses the answer.
 */
export async function auditedRun(
  deps: AuditedRunDeps,
  principal: Principal,
  work: AuditedWork,
  run: () => Promise<KeyedAnswer>,
): Promise<KeyedAnswer> {
  const entry = {
    id: deps.newId(),
    workspaceId: principal.workspaceId,
    at: new Date(deps.now()).toISOString(),
    actor: { kind: principal.actor, sub: principal.sub },
    action: work.action,
    level: work.level,
    request: work.request,
    ...(work.objectId ? { objectId: work.objectId } : {}),
    ...(work.adAccountId ? { adAccountId: work.adAccountId } : {}),
  } satisfies Omit<AuditEntry, 'outcome'>;
  try {
    const answer = await run();
    if (answer.headers?.['idempotent-replayed'] === undefined) {
      const made = work.madeOf?.(answer.body) ?? {};
      await recordAudit(deps, {
        ...entry,
        ...(made.objectId ? { objectId: made.objectId } : {}),
        ...(made.adAccountId ? { adAccountId: made.adAccountId } : {}),
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

async function recordAudit(deps: Pick<AuditedRunDeps, 'audit'>, entry: AuditEntry): Promise<void> {
  try {
    await deps.audit.append(entry);
  } catch (err: unknown) {
    logger.warn('could not record an entry in the audit trail', {
      auditId: entry.id,
      level: entry.level,
      error: errorFields(err),
    });
  }
}
