import { atMeta } from '../campaigns/at-meta';
import { type KeyedAnswer, runUnderKey } from '../campaigns/idempotency-claim';
import { cancelExperimentRoute } from '../contracts/experiments';
import { type CancelTimes, cancelTimes, experimentStatus, hasEnded } from '../domain/experiment-status';
import { IDEMPOTENCY_TTL_SECONDS, requestFingerprint } from '../domain/idempotency';
import type { Principal } from '../platform/auth';
import { ConflictError } from '../platform/errors';
import { auditedRun } from './experiment-audit';
import type { ExperimentDeps } from './experiment-deps';
import { experimentView } from './experiment-view';
import { experimentOf, studyAtMeta } from './read-experiments';

export interface CancelExperimentOptions {
  idempotencyKey?: string;
}

/**
 * `POST /meta/experiments/{id}/cancel`: ends the study at Meta now (its times move as
 * cancelTimes says: within a minute, never later than planned) and stores `cancelledAt`, answering the cancelled experiment. One that has ended
 * already, by a cancel here or at Meta or by running its course → 409 `experiment_ended`.
 * Exactly once under an Idempotency-Key; audited (action `cancel`).
 */
export async function cancelExperiment(
  deps: ExperimentDeps,
  principal: Principal,
  id: string,
  options: CancelExperimentOptions = {},
): Promise<KeyedAnswer> {
  const path = cancelExperimentRoute.path.replace('{id}', id);
  const request = { method: cancelExperimentRoute.method, path };
  return auditedRun(deps, principal, { action: 'cancel', request }, () => {
    const { workspaceId } = principal;
    const key = options.idempotencyKey;
    const fingerprint = requestFingerprint(cancelExperimentRoute.method, path, undefined);
    return runUnderKey(
      deps.idempotency,
      key ? { workspaceId, key } : undefined,
      fingerprint,
      async (held, attempt) => {
        const experiment = await experimentOf(deps, workspaceId, id);
        const { times, tokens } = await studyAtMeta(deps, experiment);
        const nowMs = deps.now();
        // A resumed key whose call landed at Meta but whose save failed: Meta's end is already
        // before ours. That cancel is adopted (saved now) instead of refused as ended.
        const landed =
          attempt.resumed &&
          experiment.cancelledAt === undefined &&
          times.endMs < Date.parse(experiment.endTime);
        let moved: CancelTimes;
        if (landed) {
          moved = {
            startSeconds: Math.floor(times.startMs / 1000),
            endSeconds: Math.floor(times.endMs / 1000),
          };
        } else {
          const status = experimentStatus(times, nowMs);
          if (hasEnded(status)) throw ended(id, status);
          moved = cancelTimes(times, nowMs);
          await atMeta(tokens, experiment.adAccountId, (call) =>
            deps.studies.end(call, experiment.metaStudyId, moved),
          );
        }
        attempt.applied = true;
        const cancelled = {
          ...experiment,
          startTime: new Date(
            moved.startSeconds === undefined ? times.startMs : moved.startSeconds * 1000,
          ).toISOString(),
          endTime: new Date(moved.endSeconds * 1000).toISOString(),
          cancelledAt: new Date(nowMs).toISOString(),
        };
        const answer = { status: 200, body: experimentView(cancelled, nowMs) };
        const saved = await deps.experiments.saveCancel(
          cancelled,
          held ? { ...held, answer, ttlSeconds: IDEMPOTENCY_TTL_SECONDS } : undefined,
        );
        if (!saved) throw ended(id, 'cancelled');
        return answer;
      },
    );
  });
}

function ended(id: string, status: string): ConflictError {
  return new ConflictError(`Experiment ${id} has ended already (${status}): there is nothing to cancel.`, {
    code: 'experiment_ended',
    details: { status },
  });
}
