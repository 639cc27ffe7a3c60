import type { ExperimentBody } from '../contracts/experiments';
import type { ExperimentRecord } from '../domain/experiment';
import type { CellResult } from '../domain/experiment-results';
import { experimentStatus, type StudyTimes } from '../domain/experiment-status';

/** The record's own times: what a list (which asks Meta nothing) reads the status from. */
export function recordedTimes(experiment: ExperimentRecord): StudyTimes {
  return {
    startMs: Date.parse(experiment.startTime),
    endMs: Date.parse(experiment.endTime),
    ...(experiment.cancelledAt === undefined ? {} : { cancelledMs: Date.parse(experiment.cancelledAt) }),
  };
}

/** An experiment as the API answers it (DESIGN §5 "Experiment"), at `times` (Meta's when read). */
export function experimentView(
  experiment: ExperimentRecord,
  nowMs: number,
  options: { times?: StudyTimes; results?: CellResult[] } = {},
): ExperimentBody {
  const times = options.times ?? recordedTimes(experiment);
  const field = experiment.level === 'adset' ? 'adSetIds' : 'campaignIds';
  return {
    id: experiment.id,
    metaStudyId: experiment.metaStudyId,
    name: experiment.name,
    status: experimentStatus(times, nowMs),
    adAccountId: experiment.adAccountId,
    level: experiment.level,
    startTime: new Date(times.startMs).toISOString(),
    endTime: new Date(times.endMs).toISOString(),
    ...(experiment.objective ? { objective: experiment.objective } : {}),
    cells: experiment.cells.map((cell) => ({
      name: cell.name,
      treatmentPercentage: cell.treatmentPercentage,
      [field]: [...cell.objectIds],
      ...(cell.metaCellId ? { metaCellId: cell.metaCellId } : {}),
    })),
    ...(options.results ? { results: options.results } : {}),
    createdAt: experiment.createdAt,
    ...(experiment.cancelledAt ? { cancelledAt: experiment.cancelledAt } : {}),
  };
}
