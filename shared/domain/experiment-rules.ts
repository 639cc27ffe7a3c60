import type { CreateExperimentRequest } from '../contracts/experiments';
import type { AdStudyObjective, ExperimentLevel } from './experiment';
import { fieldError } from './field-error';

/** Meta's split tests take 2 to 5 cells (Ads Manager's A/B test offers the same range). */
export const MIN_EXPERIMENT_CELLS = 2;
export const MAX_EXPERIMENT_CELLS = 5;
/** Each cell gets at least 10 % of the audience (META-API.md "Split tests"). */
export const MIN_TREATMENT_PERCENTAGE = 10;

/** An experiment that passed every rule: one level, cells with their objects, times in ms. */
export interface ExperimentPlan {
  name: string;
  level: ExperimentLevel;
  cells: { name: string; treatmentPercentage: number; objectIds: string[] }[];
  startMs: number;
  endMs: number;
  objective?: AdStudyObjective;
}

type Issue = [path: string, message: string];

const FIELD_OF: Record<ExperimentLevel, 'adSetIds' | 'campaignIds'> = {
  adset: 'adSetIds',
  campaign: 'campaignIds',
};

/**
 * The rules a split test must pass before Meta is asked (DESIGN §5 "Experiment"): 2–5 cells,
 * each a whole percentage of at least 10, together 100; every cell names objects of exactly
 * one kind, all cells the same kind, none empty, no object in two cells; the start in the
 * future, the end after it. Every broken rule is named at once (400 `validation_error`,
 * `details` as zod's issues: `cells[1].treatmentPercentage`, `startTime`…).
 * @example checkExperiment(body, Date.now()).level // 'adset'
 */
export function checkExperiment(body: CreateExperimentRequest, nowMs: number): ExperimentPlan {
  const issues: Issue[] = [];
  const { cells } = body;
  if (cells.length < MIN_EXPERIMENT_CELLS || cells.length > MAX_EXPERIMENT_CELLS) {
    issues.push([
      'cells',
      `must hold ${MIN_EXPERIMENT_CELLS} to ${MAX_EXPERIMENT_CELLS} cells (it holds ${cells.length})`,
    ]);
  }
  const percentagesWhole = checkPercentages(cells, issues);
  if (percentagesWhole && cells.length > 0) {
    const total = cells.reduce((sum, cell) => sum + cell.treatmentPercentage, 0);
    if (total !== 100)
      issues.push(['cells', `treatment percentages must add up to 100 (they add up to ${total})`]);
  }
  const level = checkKinds(cells, issues);
  if (level) checkDistinctObjects(cells, level, issues);
  const startMs = Date.parse(body.startTime);
  const endMs = Date.parse(body.endTime);
  if (!(startMs > nowMs)) issues.push(['startTime', 'must be in the future']);
  if (!(endMs > startMs)) issues.push(['endTime', 'must be after startTime']);
  const [first, ...more] = issues;
  if (first) throw fieldError(first[0], first[1], ...more);
  if (!level) throw fieldError('cells', 'must name ad sets or campaigns');
  return {
    name: body.name,
    level,
    cells: cells.map((cell) => ({
      name: cell.name,
      treatmentPercentage: cell.treatmentPercentage,
      objectIds: [...(cell[FIELD_OF[level]] ?? [])],
    })),
    startMs,
    endMs,
    ...(body.objective ? { objective: body.objective } : {}),
  };
}

/** Whether every percentage is a whole number (only then is their sum worth checking). */
function checkPercentages(cells: CreateExperimentRequest['cells'], issues: Issue[]): boolean {
  let whole = true;
  cells.forEach((cell, i) => {
    const path = `cells[${i}].treatmentPercentage`;
    if (!Number.isInteger(cell.treatmentPercentage)) {
      whole = false;
      issues.push([path, 'must be a whole number of percent']);
    } else if (cell.treatmentPercentage < MIN_TREATMENT_PERCENTAGE) {
      issues.push([
        path,
        `must be at least ${MIN_TREATMENT_PERCENTAGE} (Meta gives each cell at least 10 %)`,
      ]);
    }
  });
  return whole;
}

/** The one kind every cell names, or undefined (with the issues why) when there is none. */
function checkKinds(cells: CreateExperimentRequest['cells'], issues: Issue[]): ExperimentLevel | undefined {
  let level: ExperimentLevel | undefined;
  let firstAt = -1;
  let consistent = true;
  cells.forEach((cell, i) => {
    const hasAdSets = cell.adSetIds !== undefined;
    const hasCampaigns = cell.campaignIds !== undefined;
    if (hasAdSets && hasCampaigns) {
      issues.push([`cells[${i}]`, 'must name ad sets or campaigns, not both']);
      consistent = false;
      return;
    }
    if (!hasAdSets && !hasCampaigns) {
      issues.push([`cells[${i}].adSetIds`, 'must name at least one ad set (or give campaignIds)']);
      consistent = false;
      return;
    }
    const kind: ExperimentLevel = hasAdSets ? 'adset' : 'campaign';
    const field = FIELD_OF[kind];
    if ((cell[field] ?? []).length === 0) {
      issues.push([
        `cells[${i}].${field}`,
        `must name at least one ${kind === 'adset' ? 'ad set' : 'campaign'}`,
      ]);
      consistent = false;
    }
    if (level === undefined) {
      level = kind;
      firstAt = i;
    } else if (kind !== level) {
      issues.push([
        `cells[${i}].${field}`,
        `must name ${level === 'adset' ? 'ad sets' : 'campaigns'} like cells[${firstAt}]: every cell splits the same kind of object`,
      ]);
      consistent = false;
    }
  });
  return consistent ? level : undefined;
}

/** No object twice: Meta splits an audience, and one ad set cannot be in two of its parts. */
function checkDistinctObjects(
  cells: CreateExperimentRequest['cells'],
  level: ExperimentLevel,
  issues: Issue[],
): void {
  const field = FIELD_OF[level];
  const seenIn = new Map<string, number>();
  cells.forEach((cell, i) => {
    (cell[field] ?? []).forEach((id, j) => {
      const earlier = seenIn.get(id);
      if (earlier === undefined) {
        seenIn.set(id, i);
        return;
      }
      const where = earlier === i ? 'earlier in this cell' : `in cells[${earlier}]`;
      issues.push([
        `cells[${i}].${field}[${j}]`,
        `${id} is already ${where}: an object may be in one cell only`,
      ]);
    });
  });
}
