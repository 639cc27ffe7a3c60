import * as z from 'zod';
import type { CancelTimes } from '../domain/experiment-status';
import { adAccountBucketKey } from '../meta/graph-bucket-key';
import type { GraphClient } from '../meta/graph-client';
import { MetaRequestError } from '../platform/errors';
import type { MetaAdStudies, MetaStudy, StudyCall, StudySpec } from './meta-ad-studies';

/** Meta renders times as `2026-12-01T10:00:00+0000`; a unix number now and then. */
const metaTime = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms =
    typeof value === 'number' ? value * 1000 : Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `not a time: ${value}` });
    return z.NEVER;
  }
  return ms;
});

const idRow = z.object({ id: z.union([z.string(), z.number()]).transform(String) }).loose();
/** An edge in a field expansion (`{data: [...]}`), or a plain list. */
const idList = z
  .union([z.object({ data: z.array(idRow) }).loose(), z.array(idRow)])
  .transform((rows) => (Array.isArray(rows) ? rows : rows.data).map((row) => row.id));

const cellRow = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    name: z.string(),
    treatment_percentage: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]),
    adsets: idList.optional(),
    campaigns: idList.optional(),
  })
  .loose();

const studyBody = z
  .object({
    id: z.string(),
    name: z.string(),
    start_time: metaTime,
    end_time: metaTime,
    canceled_time: metaTime.optional(),
    cells: z
      .union([z.object({ data: z.array(cellRow) }).loose(), z.array(cellRow)])
      .transform((cells) => (Array.isArray(cells) ? cells : cells.data))
      .optional(),
  })
  .loose();

const businessBody = z.object({ business: z.object({ id: z.string() }).loose().optional() }).loose();
const createdBody = z.object({ id: z.union([z.string(), z.number()]).transform(String) });
const markedRow = z
  .object({ id: z.union([z.string(), z.number()]).transform(String), description: z.string().optional() })
  .loose();
const successBody = z.object({ success: z.boolean() }).loose();

const STUDY_FIELDS = [
  'id',
  'name',
  'type',
  'start_time',
  'end_time',
  'canceled_time',
  'cells{id,name,treatment_percentage,adsets{id},campaigns{id}}',
];

/** Meta's name of what a cell splits. */
const CELL_EDGE = { adset: 'adsets', campaign: 'campaigns' } as const;

/**
 * MetaAdStudies over THE Graph client. Every call counts against the ad account's bucket, as
 * campaign management does, so a throttled account stops only its own work. The create is a
 * write the transport does not retry when its answer is lost: studies carry no ad labels, so
 * the create's marker goes in the study's `description`, where findByMarker looks for it.
 */
export class GraphAdStudies implements MetaAdStudies {
  constructor(private readonly graph: GraphClient) {}

  async businessOf(call: StudyCall): Promise<string | undefined> {
    const answer = await this.graph.get(`/${call.adAccountId}`, {
      ...callOptions(call),
      fields: ['business'],
      schema: businessBody,
    });
    return answer.business?.id;
  }

  async create(call: StudyCall, businessId: string, spec: StudySpec): Promise<{ id: string }> {
    const edge = CELL_EDGE[spec.level];
    const { id } = await this.graph.post(`/${businessId}/ad_studies`, {
      ...callOptions(call),
      params: {
        name: spec.name,
        description: spec.marker,
        type: 'SPLIT_TEST',
        start_time: spec.startSeconds,
        end_time: spec.endSeconds,
        cells: spec.cells.map((cell) => ({
          name: cell.name,
          treatment_percentage: cell.treatmentPercentage,
          [edge]: cell.objectIds,
        })),
        ...(spec.objective
          ? { objectives: [{ name: spec.name, type: spec.objective, is_primary: true }] }
          : {}),
      },
      schema: createdBody,
      idempotent: false,
    });
    return { id };
  }

  async findByMarker(call: StudyCall, businessId: string, marker: string): Promise<string | undefined> {
    const studies = await this.graph.pageAll(`/${businessId}/ad_studies`, {
      ...callOptions(call),
      fields: ['id', 'description'],
      limit: 100,
      schema: markedRow,
    });
    return studies.find((study) => study.description === marker)?.id;
  }

  async read(call: StudyCall, studyId: string): Promise<MetaStudy> {
    const study = await this.graph.get(`/${studyId}`, {
      ...callOptions(call),
      fields: STUDY_FIELDS,
      schema: studyBody,
    });
    return {
      id: study.id,
      name: study.name,
      startMs: study.start_time,
      endMs: study.end_time,
      ...(study.canceled_time === undefined ? {} : { cancelledMs: study.canceled_time }),
      cells: (study.cells ?? []).map((cell) => ({
        id: cell.id,
        name: cell.name,
        treatmentPercentage: cell.treatment_percentage,
        objectIds: [...(cell.adsets ?? []), ...(cell.campaigns ?? [])],
      })),
    };
  }

  async end(call: StudyCall, studyId: string, times: CancelTimes): Promise<void> {
    const answer = await this.graph.post(`/${studyId}`, {
      ...callOptions(call),
      params: {
        ...(times.startSeconds === undefined ? {} : { start_time: times.startSeconds }),
        end_time: times.endSeconds,
      },
      schema: successBody,
      // It sets a value (the same seconds on a retry): re-sending after a lost answer is safe.
      idempotent: true,
    });
    if (!answer.success) {
      throw new MetaRequestError(`POST /${studyId}: Meta did not move the study's end`, {
        httpStatus: 200,
        message: 'success: false',
      });
    }
  }
}

function callOptions(call: StudyCall) {
  return {
    accessToken: call.accessToken,
    tokenId: call.tokenId,
    bucketKey: adAccountBucketKey(call.adAccountId),
  };
}
