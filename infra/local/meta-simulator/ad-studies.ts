import { jsonArrayParam, stringParam } from './ad-object-params';
import { effectiveStatusOf, metaTime } from './ad-object-views';
import type { AdStudyCellRecord, AdStudyRecord } from './ad-study-records';
import { type FieldSelection, parseFields } from './field-selection';
import { GraphError, missingPermission, nonexistingField, objectNotFound } from './graph-error';
import { hasAnyScope, type Principal } from './principal';
import { jsonResponse, type SimResponse } from './sim-response';
import type { GraphCall, SimulatorCore } from './simulator-core';

/**
 * Meta's ad studies, the split tests (META-API.md "Split tests"; Marketing API "Ad Study" and
 * "Business Ad Studies"):
 * - `POST /{business_id}/ad_studies` (`type=SPLIT_TEST`, `cells` JSON with `name`,
 *   `treatment_percentage`, `adsets` or `campaigns`; `start_time`/`end_time` unix seconds) → `{id}`;
 * - `GET /{business_id}/ad_studies` and `GET /act_{id}/ad_studies` list; `POST /act_{id}/ad_studies`
 *   is refused (the ad account edge is read-only);
 * - `GET /{study_id}` (fields, `cells{…}` expanded), `GET /{study_id}/cells`;
 * - `POST /{study_id}` `end_time` (and `start_time` before the start) → `{success: true}` (how a
 *   study is stopped; the end must stay after the start); `DELETE` is refused.
 * Undefined when the call is none of these.
 */
export function handleAdStudyCall(
  core: SimulatorCore,
  call: GraphCall,
  principal: Principal,
): SimResponse | undefined {
  const [node, edge, ...rest] = call.segments;
  if (node === undefined || rest.length > 0) return undefined;
  const { world } = core;
  if (edge === 'ad_studies') {
    if (world.adAccounts.has(node)) return adAccountStudies(core, call, principal, node);
    if (world.businesses.has(node)) return businessStudies(core, call, principal, node);
    return undefined;
  }
  const study = world.adStudies.get(node);
  if (!study) return undefined;
  requireBusiness(core, call, principal, study.businessId, study.id);
  if (edge === 'cells' && call.method === 'GET') {
    requireScope(principal, READ_SCOPES);
    const selection = selectionOf(call.params);
    return jsonResponse(200, { data: study.cells.map((cell) => renderCell(core, cell, selection)) });
  }
  if (edge !== undefined) return undefined;
  if (call.method === 'GET') {
    requireScope(principal, READ_SCOPES);
    return jsonResponse(200, renderStudy(core, study, selectionOf(call.params)));
  }
  requireScope(principal, WRITE_SCOPES);
  if (call.method === 'DELETE') throw studyNotDeletable();
  return updateStudy(core, call, study);
}

const READ_SCOPES = ['ads_read', 'ads_management'];
const WRITE_SCOPES = ['ads_management'];
const MIN_CELLS = 2;
const MIN_TREATMENT_PERCENTAGE = 10;
const DEFAULT_STUDY_FIELDS = 'id,name';
const DEFAULT_CELL_FIELDS = 'id,name';

/** Meta's usual code-100 refusal, with a title and message Ads Manager would show. */
function studyRefusal(title: string, userMessage: string): GraphError {
  return new GraphError({
    status: 400,
    message: 'Invalid parameter',
    type: 'OAuthException',
    code: 100,
    userTitle: title,
    userMessage,
  });
}

function studyNotDeletable(): GraphError {
  return new GraphError({
    status: 400,
    message:
      '(#100) Ad studies cannot be deleted. To stop a study, set its end_time to a time in the near future.',
    type: 'OAuthException',
    code: 100,
  });
}

function requireScope(principal: Principal, scopes: readonly string[]): void {
  if (!hasAnyScope(principal, scopes))
    throw missingPermission('(#200) Requires ads_management permission to manage the object');
}

/** Who cannot reach the business gets "does not exist", as for any node at Meta. */
function requireBusiness(
  core: SimulatorCore,
  call: GraphCall,
  principal: Principal,
  businessId: string,
  nodeId: string,
): void {
  const userId = principal.user?.id;
  if (!userId || !core.world.reachOf(userId).businesses.has(businessId))
    throw objectNotFound(nodeId, call.method);
}

function businessStudies(
  core: SimulatorCore,
  call: GraphCall,
  principal: Principal,
  businessId: string,
): SimResponse {
  requireBusiness(core, call, principal, businessId, businessId);
  if (call.method === 'POST') {
    requireScope(principal, WRITE_SCOPES);
    return createStudy(core, call, businessId);
  }
  if (call.method !== 'GET') throw objectNotFound(businessId, call.method);
  requireScope(principal, READ_SCOPES);
  const studies = [...core.world.adStudies.studies.values()].filter((s) => s.businessId === businessId);
  return listStudies(core, call, studies);
}

function adAccountStudies(
  core: SimulatorCore,
  call: GraphCall,
  principal: Principal,
  adAccountId: string,
): SimResponse {
  const userId = principal.user?.id;
  if (!userId || !core.world.reachOf(userId).adAccounts.has(adAccountId))
    throw objectNotFound(adAccountId, call.method);
  if (call.method !== 'GET') {
    throw new GraphError({
      status: 400,
      message: `Unsupported ${call.method.toLowerCase()} request. The ad_studies edge of an ad account is read-only: create split tests at /{business_id}/ad_studies.`,
      type: 'GraphMethodException',
      code: 100,
    });
  }
  requireScope(principal, READ_SCOPES);
  const store = core.world.adObjects;
  const studies = [...core.world.adStudies.studies.values()].filter((study) =>
    study.cells.some((cell) =>
      [...cell.adsets, ...cell.campaigns].some((id) => store.adAccountOf(id) === adAccountId),
    ),
  );
  return listStudies(core, call, studies);
}

function listStudies(core: SimulatorCore, call: GraphCall, studies: AdStudyRecord[]): SimResponse {
  const selection = selectionOf(call.params);
  return jsonResponse(200, { data: studies.map((study) => renderStudy(core, study, selection)) });
}

/** Unix seconds (Meta's form) or an ISO-8601 time. */
function timeParam(params: URLSearchParams, name: string): number | undefined {
  const raw = stringParam(params, name)?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (/^\d{1,12}$/.test(raw)) return Number(raw);
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw studyRefusal('Invalid time', `${name} must be a unix time in seconds.`);
  return Math.floor(ms / 1000);
}

function idsOf(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((id) => typeof id === 'string' || typeof id === 'number'))
    throw studyRefusal('Invalid cell', `Each cell's ${name} must be a list of ids.`);
  return value.map(String);
}

function parseCells(core: SimulatorCore, businessId: string, raw: unknown[]): AdStudyCellRecord[] {
  if (raw.length < MIN_CELLS)
    throw studyRefusal('Not enough cells', `A split test needs at least ${MIN_CELLS} cells.`);
  const cells = raw.map((value, i): AdStudyCellRecord => {
    if (typeof value !== 'object' || value === null)
      throw studyRefusal('Invalid cell', `Cell ${i + 1} must be an object.`);
    const cell = value as Record<string, unknown>;
    const percentage = Number(cell.treatment_percentage);
    if (!Number.isInteger(percentage) || percentage < MIN_TREATMENT_PERCENTAGE)
      throw studyRefusal(
        'Cell too small',
        `Each cell of a split test must get at least ${MIN_TREATMENT_PERCENTAGE}% of the audience.`,
      );
    const adsets = idsOf(cell.adsets, 'adsets');
    const campaigns = idsOf(cell.campaigns, 'campaigns');
    if (adsets.length + campaigns.length === 0)
      throw studyRefusal('Empty cell', `Cell ${i + 1} must name the ad sets or campaigns it tests.`);
    return {
      id: core.world.nextId(),
      name: typeof cell.name === 'string' && cell.name !== '' ? cell.name : `Cell ${i + 1}`,
      treatmentPercentage: percentage,
      adsets,
      campaigns,
    };
  });
  const total = cells.reduce((sum, cell) => sum + cell.treatmentPercentage, 0);
  if (total !== 100)
    throw studyRefusal(
      'Invalid split',
      `The cells' treatment percentages must add up to 100 (they add up to ${total}).`,
    );
  for (const cell of cells) checkObjects(core, businessId, cell);
  return cells;
}

/** The cell's objects must exist, be live and sit in an ad account of the business. */
function checkObjects(core: SimulatorCore, businessId: string, cell: AdStudyCellRecord): void {
  const { world } = core;
  const business = world.businesses.get(businessId);
  const store = world.adObjects;
  const check = (id: string, records: ReadonlyMap<string, { adAccountId: string }>, kind: string) => {
    const record = records.get(id);
    const account = record?.adAccountId;
    const ofBusiness =
      account !== undefined &&
      (business?.ownedAdAccounts.has(account) === true || business?.clientAdAccounts.has(account) === true);
    if (!record || !ofBusiness || effectiveStatusOf(store, id) === 'DELETED')
      throw studyRefusal(
        'Invalid object in cell',
        `The ${kind} ${id} in cell "${cell.name}" does not exist or does not belong to an ad account of this business.`,
      );
  };
  for (const id of cell.adsets) check(id, store.adsets, 'ad set');
  for (const id of cell.campaigns) check(id, store.campaigns, 'campaign');
}

function createStudy(core: SimulatorCore, call: GraphCall, businessId: string): SimResponse {
  const { params } = call;
  const type = stringParam(params, 'type') ?? 'SPLIT_TEST';
  if (type !== 'SPLIT_TEST')
    throw studyRefusal('Unsupported study type', 'This simulator makes split tests (type SPLIT_TEST) only.');
  const name = stringParam(params, 'name');
  if (!name) throw studyRefusal('Name required', 'A study needs a name.');
  const rawCells = jsonArrayParam(params, 'cells');
  if (!rawCells) throw studyRefusal('Cells required', 'A split test needs its cells.');
  const startSeconds = timeParam(params, 'start_time');
  const endSeconds = timeParam(params, 'end_time');
  const nowSeconds = Math.floor(core.nowMs() / 1000);
  if (startSeconds === undefined || startSeconds <= nowSeconds)
    throw studyRefusal('Invalid start time', 'The start time of a study must be in the future.');
  if (endSeconds === undefined || endSeconds <= startSeconds)
    throw studyRefusal('Invalid end time', 'The end time of a study must be after its start time.');
  const cells = parseCells(core, businessId, rawCells);
  const objectives = jsonArrayParam(params, 'objectives');
  const description = stringParam(params, 'description');
  const study: AdStudyRecord = {
    id: core.world.nextId(),
    businessId,
    name,
    type,
    ...(description === undefined ? {} : { description }),
    startSeconds,
    endSeconds,
    createdSeconds: nowSeconds,
    updatedSeconds: nowSeconds,
    cells,
    ...(objectives === undefined ? {} : { objectives }),
  };
  core.world.adStudies.add(study);
  return jsonResponse(200, { id: study.id });
}

/**
 * `POST /{study_id}`: a new `end_time` (in the future) stops the study then; `start_time` moves
 * a study that has not started (to a time ahead); `name` renames it. The end must stay after
 * the start, as at Meta (code 100 with the message Ads Manager shows).
 */
function updateStudy(core: SimulatorCore, call: GraphCall, study: AdStudyRecord): SimResponse {
  const nowSeconds = Math.floor(core.nowMs() / 1000);
  const startSeconds = timeParam(call.params, 'start_time');
  const endSeconds = timeParam(call.params, 'end_time');
  const name = stringParam(call.params, 'name');
  if (startSeconds !== undefined || endSeconds !== undefined) {
    if (study.endSeconds <= nowSeconds)
      throw studyRefusal('Study has ended', 'This study has already ended and can no longer be changed.');
  }
  if (startSeconds !== undefined && startSeconds !== study.startSeconds) {
    if (study.startSeconds <= nowSeconds)
      throw studyRefusal(
        'Study has started',
        'The start time of a study that has started cannot be changed.',
      );
    if (startSeconds <= nowSeconds)
      throw studyRefusal('Invalid start time', 'The start time of a study must be in the future.');
  }
  if (endSeconds !== undefined && endSeconds <= nowSeconds)
    throw studyRefusal('Invalid end time', 'The end time of a study cannot be in the past.');
  const newStart = startSeconds ?? study.startSeconds;
  const newEnd = endSeconds ?? study.endSeconds;
  if (newEnd <= newStart)
    throw studyRefusal('Invalid end time', 'The end time of a study must be after its start time.');
  study.startSeconds = newStart;
  study.endSeconds = newEnd;
  if (name) study.name = name;
  study.updatedSeconds = nowSeconds;
  return jsonResponse(200, { success: true });
}

function selectionOf(params: URLSearchParams): FieldSelection | undefined {
  const fields = params.get('fields')?.trim();
  return fields ? parseFields(fields) : undefined;
}

function renderStudy(
  core: SimulatorCore,
  study: AdStudyRecord,
  selection = parseFields(DEFAULT_STUDY_FIELDS),
): Record<string, unknown> {
  const business = core.world.businesses.get(study.businessId);
  const out: Record<string, unknown> = {};
  for (const [field, request] of selection) {
    switch (field) {
      case 'id':
      case 'name':
      case 'type':
        out[field] = study[field];
        break;
      case 'description':
        if (study.description !== undefined) out.description = study.description;
        break;
      case 'start_time':
        out.start_time = metaTime(study.startSeconds * 1000);
        break;
      case 'end_time':
        out.end_time = metaTime(study.endSeconds * 1000);
        break;
      case 'created_time':
        out.created_time = metaTime(study.createdSeconds * 1000);
        break;
      case 'updated_time':
        out.updated_time = metaTime(study.updatedSeconds * 1000);
        break;
      case 'objectives':
        if (study.objectives) out.objectives = study.objectives;
        break;
      case 'business':
        out.business = { id: study.businessId, ...(business ? { name: business.name } : {}) };
        break;
      case 'canceled_time':
        // Meta fills it for studies cancelled in Ads Manager; an end moved by the API leaves it out.
        break;
      case 'cells':
        out.cells = { data: study.cells.map((cell) => renderCell(core, cell, request.children)) };
        break;
      default:
        throw nonexistingField(field, 'AdStudy');
    }
  }
  return out;
}

function renderCell(
  core: SimulatorCore,
  cell: AdStudyCellRecord,
  selection = parseFields(DEFAULT_CELL_FIELDS),
): Record<string, unknown> {
  const store = core.world.adObjects;
  const objects = (
    ids: string[],
    names: ReadonlyMap<string, { name: string }>,
    children?: FieldSelection,
  ) => ({
    data: ids.map((id) => ({
      id,
      ...(children?.has('name') ? { name: names.get(id)?.name } : {}),
    })),
  });
  const out: Record<string, unknown> = {};
  for (const [field, request] of selection) {
    switch (field) {
      case 'id':
      case 'name':
        out[field] = cell[field];
        break;
      case 'treatment_percentage':
        out.treatment_percentage = cell.treatmentPercentage;
        break;
      case 'adsets':
        out.adsets = objects(cell.adsets, store.adsets, request.children);
        break;
      case 'campaigns':
        out.campaigns = objects(cell.campaigns, store.campaigns, request.children);
        break;
      default:
        throw nonexistingField(field, 'AdStudyCell');
    }
  }
  return out;
}
