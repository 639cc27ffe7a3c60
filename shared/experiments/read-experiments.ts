import { atMeta } from '../campaigns/at-meta';
import { loadWorkspace } from '../campaigns/workspace-context';
import type { ExperimentBody } from '../contracts/experiments';
import type { ExperimentRecord } from '../domain/experiment';
import { type CellResult, cellResults, resultDays } from '../domain/experiment-results';
import { effectiveTimes, type StudyTimes } from '../domain/experiment-status';
import type { TokenCandidate } from '../meta/token-failover';
import type { Principal } from '../platform/auth';
import { NotFoundError } from '../platform/errors';
import type { ExperimentDeps } from './experiment-deps';
import { experimentView, recordedTimes } from './experiment-view';

/** An experiment of the workspace; another workspace's (or none) → 404. */
export async function experimentOf(
  deps: Pick<ExperimentDeps, 'experiments'>,
  workspaceId: string,
  id: string,
): Promise<ExperimentRecord> {
  const experiment = await deps.experiments.get(workspaceId, id);
  if (!experiment) throw new NotFoundError(`Experiment ${id} was not found.`);
  return experiment;
}

/**
 * The study's times as Meta holds them now, over ours (an end moved at Meta moves the status;
 * see effectiveTimes), and the workspace's tokens that read them. Not connected → 409.
 */
export async function studyAtMeta(
  deps: ExperimentDeps,
  experiment: ExperimentRecord,
): Promise<{ times: StudyTimes; tokens: TokenCandidate[] }> {
  const workspace = await loadWorkspace(deps, experiment.workspaceId);
  const tokens = await workspace.tokens();
  const study = await atMeta(tokens, experiment.adAccountId, (call) =>
    deps.studies.read(call, experiment.metaStudyId),
  );
  return { times: effectiveTimes(recordedTimes(experiment), study, deps.now()), tokens };
}

/**
 * `GET /meta/experiments/{id}`: the status from the study at Meta, and each cell's results
 * from ua_daily_metrics at the experiment's level over its days so far.
 */
export async function getExperiment(
  deps: ExperimentDeps,
  principal: Principal,
  id: string,
): Promise<ExperimentBody> {
  const experiment = await experimentOf(deps, principal.workspaceId, id);
  const { times } = await studyAtMeta(deps, experiment);
  const nowMs = deps.now();
  const results = await resultsOf(deps, experiment, times, nowMs);
  return experimentView(experiment, nowMs, { times, ...(results ? { results } : {}) });
}

/**
 * `GET /meta/experiments`: newest first. A list asks Meta nothing: each status is read from
 * the stored times (our cancel included); a change made at Meta shows on the experiment's GET.
 */
export async function listExperiments(
  deps: Pick<ExperimentDeps, 'experiments' | 'now'>,
  principal: Principal,
  page: { limit: number; cursor?: string },
): Promise<{ items: ExperimentBody[]; nextCursor?: string }> {
  const found = await deps.experiments.list(principal.workspaceId, page);
  const nowMs = deps.now();
  return {
    items: found.items.map((experiment) => experimentView(experiment, nowMs)),
    ...(found.nextCursor ? { nextCursor: found.nextCursor } : {}),
  };
}

/** Each cell's sums over the days the study ran (none before it starts). */
async function resultsOf(
  deps: Pick<ExperimentDeps, 'metrics'>,
  experiment: ExperimentRecord,
  times: StudyTimes,
  nowMs: number,
): Promise<CellResult[] | undefined> {
  const endMs = Math.min(times.endMs, times.cancelledMs ?? Number.POSITIVE_INFINITY);
  const days = resultDays(times.startMs, endMs, nowMs, experiment.timezone);
  if (!days) return undefined;
  const rows = await deps.metrics.rowsOf(
    {
      workspaceId: experiment.workspaceId,
      adAccountId: experiment.adAccountId,
      level: experiment.level,
      ...days,
    },
    experiment.cells.flatMap((cell) => cell.objectIds),
  );
  return cellResults(experiment.cells, rows, experiment.currency);
}
