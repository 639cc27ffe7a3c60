import { type AuditedWork, auditedRun as audited } from '../campaigns/audited-run';
import type { KeyedAnswer } from '../campaigns/idempotency-claim';
import type { Principal } from '../platform/auth';
import type { ExperimentDeps } from './experiment-deps';

/**
 * Runs an experiment mutation and records it in the audit trail (level `experiment`, the
 * study's Meta id as the object): its answer, or the refusal with Meta's side.
 */
export function auditedRun(
  deps: Pick<ExperimentDeps, 'audit' | 'newId' | 'now'>,
  principal: Principal,
  what: Omit<AuditedWork, 'level' | 'madeOf'>,
  run: () => Promise<KeyedAnswer>,
): Promise<KeyedAnswer> {
  return audited(deps, principal, { ...what, level: 'experiment', madeOf: studyOf }, run);
}

function studyOf(body: unknown): { objectId?: string; adAccountId?: string } {
  const made = body as { metaStudyId?: string; adAccountId?: string } | undefined;
  return { objectId: made?.metaStudyId, adAccountId: made?.adAccountId };
}
