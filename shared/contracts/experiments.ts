import * as z from 'zod';
import { AD_STUDY_OBJECTIVES, experimentLevels, experimentStatuses } from '../domain/experiment';
import { listBody, listQuery } from './common';
import { defineRoute, type RouteContract } from './route-contract';

/**
 * A/B split tests (DESIGN §5 "Experiment"): a Meta ad study of type SPLIT_TEST whose cells
 * split the audience between ad sets or campaigns of one ad account. The business rules (2–5
 * cells, whole percentages of at least 10 summing to 100, one kind of object, times) are
 * checked by `checkExperiment` (400 naming the field, `cells[1].treatmentPercentage`), so a
 * refusal reads as a sentence a marketer can act on, not as a schema error.
 */

/** Our experiment ids: `exp_` + 24 lowercase hex digits (time first: they sort by creation). */
export const experimentIdSchema = z.string().regex(/^exp_[0-9a-f]{24}$/, 'must be an experiment id (exp_…)');
const metaId = z.string().regex(/^\d{1,32}$/, "must be Meta's numeric id");
const isoTime = z.iso.datetime({ offset: true });
const decimalMajor = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, "a decimal string in major units, as Meta's Insights");

export const experimentCellRequest = z.object({
  name: z.string().min(1).max(255),
  /** Checked to be a whole number ≥ 10 by the rules, so the refusal names the cell. */
  treatmentPercentage: z
    .number()
    .describe('whole percent of the audience, at least 10; all cells add up to 100'),
  adSetIds: z.array(metaId).max(100).optional(),
  campaignIds: z.array(metaId).max(100).optional(),
});

export const createExperimentRequest = z
  .object({
    name: z.string().min(1).max(255),
    startTime: isoTime.describe('ISO-8601, in the future'),
    endTime: isoTime.describe('ISO-8601, after startTime'),
    cells: z.array(experimentCellRequest).max(20).describe('2–5 cells, each naming ad sets or campaigns'),
    objective: z.enum(AD_STUDY_OBJECTIVES).optional().describe("the study's objective at Meta"),
    adAccountId: z
      .string()
      .regex(/^act_\d{1,32}$/, 'must be an ad account id (act_…)')
      .optional()
      .describe('default: the picked ad account'),
  })
  .meta({ id: 'CreateExperiment' });
export type CreateExperimentRequest = z.infer<typeof createExperimentRequest>;

export const experimentCellBody = z.object({
  name: z.string(),
  treatmentPercentage: z.number().int(),
  adSetIds: z.array(z.string()).optional(),
  campaignIds: z.array(z.string()).optional(),
  /** Meta's id of the cell, once Meta made it. */
  metaCellId: z.string().optional(),
});

export const experimentCellResultBody = z.object({
  /** The cell's name. */
  cell: z.string(),
  spend: decimalMajor,
  impressions: z.number().int(),
  clicks: z.number().int(),
  conversions: z.number(),
  conversionValue: decimalMajor,
  currency: z.string(),
  /** spend / conversions, rounded to the currency's smallest unit; absent without conversions. */
  costPerConversion: decimalMajor.optional(),
});

export const experimentBody = z
  .object({
    id: experimentIdSchema,
    metaStudyId: z.string(),
    name: z.string(),
    status: z.enum(experimentStatuses),
    adAccountId: z.string(),
    level: z.enum(experimentLevels),
    startTime: z.string().describe('ISO-8601, as Meta holds it'),
    endTime: z.string().describe('ISO-8601, as Meta holds it (a cancel moves it to about a minute after)'),
    objective: z.enum(AD_STUDY_OBJECTIVES).optional(),
    cells: z.array(experimentCellBody),
    /**
     * Per cell, from ua_daily_metrics: the days from the start day to the end day (or today),
     * in the ad account's time zone. Absent on lists and before the study starts.
     */
    results: z.array(experimentCellResultBody).optional(),
    createdAt: z.string(),
    cancelledAt: z.string().optional(),
  })
  .meta({ id: 'Experiment' });
export type ExperimentBody = z.infer<typeof experimentBody>;

export const experimentParams = z.object({ id: experimentIdSchema });

export const createExperimentRoute = defineRoute({
  method: 'POST',
  path: '/meta/experiments',
  summary: 'An A/B split test: a Meta ad study (SPLIT_TEST) over ad sets or campaigns; Idempotency-Key',
  auth: 'user',
  body: createExperimentRequest,
  responses: { 201: experimentBody },
});

export const listExperimentsRoute = defineRoute({
  method: 'GET',
  path: '/meta/experiments',
  summary: "The workspace's split tests, newest first (status from their times; no results)",
  auth: 'jwt',
  query: listQuery,
  responses: { 200: listBody(experimentBody) },
});

export const getExperimentRoute = defineRoute({
  method: 'GET',
  path: '/meta/experiments/{id}',
  summary: 'A split test: status from its times and the study at Meta, per-cell results from Insights',
  auth: 'jwt',
  params: experimentParams,
  responses: { 200: experimentBody },
});

export const cancelExperimentRoute = defineRoute({
  method: 'POST',
  path: '/meta/experiments/{id}/cancel',
  summary: 'Ends the study at Meta now (its end moves to a minute from now); an ended one → 409',
  auth: 'user',
  params: experimentParams,
  responses: { 200: experimentBody },
});

export const experimentRoutes: RouteContract[] = [
  createExperimentRoute,
  listExperimentsRoute,
  getExperimentRoute,
  cancelExperimentRoute,
];
