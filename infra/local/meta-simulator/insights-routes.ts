import { dayInZone } from '../../../shared/domain/account-days';
import { GraphError, invalidCursor, objectNotFound } from './graph-error';
import { linkAuthOf } from './graph-routes';
import { readInsightsPage, readInsightsRequest } from './insights-params';
import { insightsPage, renderInsightsRow } from './insights-rendering';
import { type InsightsRow, type InsightsRowQuery, insightsRows } from './insights-rows';
import type { ReportRunRecord } from './insights-store';
import { readableAccount } from './media-access';
import type { Principal } from './principal';
import { jsonResponse, type SimResponse } from './sim-response';
import type { GraphCall, SimulatorCore } from './simulator-core';
import type { AdAccountRecord } from './world-records';

/** Meta's answer to a sync read too large to compute (HTTP 500, code 1, not transient). */
function reduceDataError(): GraphError {
  return new GraphError({
    status: 500,
    message: 'An unknown error occurred',
    type: 'OAuthException',
    code: 1,
    isTransient: false,
    userTitle: 'Too Much Data Requested',
    userMessage: "Please reduce the amount of data you're asking for, then retry your request",
  });
}

/** Reading a report run's rows before it completed (or after it failed). */
function reportNotReady(): GraphError {
  return new GraphError({
    status: 400,
    message: 'Error accessing adreport job.',
    type: 'OAuthException',
    code: 2601,
    subcode: 1815107,
    isTransient: true,
    userTitle: 'Loading Async Ads Report Failed',
    userMessage:
      'Sorry, the report cannot be loaded successfully. Please check if your job status is completed instead of failed or running before fetching the data.',
  });
}

/** Every row of a query, with the account's currency, time zone and restatements. */
export function computeRows(
  core: SimulatorCore,
  account: AdAccountRecord,
  query: InsightsRowQuery,
): InsightsRow[] {
  return insightsRows(
    core.world.adObjects,
    {
      currency: account.currency,
      timezoneName: account.timezoneName,
      restatements: core.world.insights.restatementsOf(account.id),
    },
    query,
    core.nowMs(),
  );
}

function pageResponse(
  core: SimulatorCore,
  call: GraphCall,
  account: AdAccountRecord,
  rows: readonly InsightsRow[],
  fields: readonly string[],
  headers: Record<string, string> = {},
): SimResponse {
  const linkParams = new URLSearchParams(call.params);
  for (const [name, value] of linkAuthOf(call)) linkParams.set(name, value);
  const link = { url: `${core.baseUrl}/${call.version}${call.path}`, params: linkParams };
  const store = core.world.adObjects;
  const insights = core.world.insights;
  const page = readInsightsPage(call.params);
  const refusal =
    page.limit > (insights.options.pageRowLimit ?? Number.POSITIVE_INFINITY)
      ? reduceDataError()
      : page.after !== undefined && insights.spendInvalidCursor()
        ? invalidCursor()
        : undefined;
  if (refusal) {
    refusal.fields.headers = headers;
    throw refusal;
  }
  const { expireCursorsAfterMs } = insights.options;
  const clock = {
    nowMs: core.nowMs(),
    ...(expireCursorsAfterMs === undefined ? {} : { maxAgeMs: expireCursorsAfterMs }),
  };
  const body = insightsPage(rows, page, link, (row) => renderInsightsRow(row, fields, store, account), clock);
  return jsonResponse(200, body, headers);
}

/** `GET|POST /act_{id}/insights`: a synchronous read, or the start of an async report run. */
function accountInsights(core: SimulatorCore, call: GraphCall, principal: Principal, adAccountId: string) {
  readableAccount(core, call, principal, adAccountId);
  const account = core.world.adAccounts.get(adAccountId);
  if (!account) throw objectNotFound(adAccountId, call.method);
  const today = dayInZone(core.nowMs(), account.timezoneName);
  const request = readInsightsRequest(call.params, adAccountId, today);
  const rows = computeRows(core, account, request.query);
  if (call.method === 'GET') {
    if (rows.length > core.world.insights.options.syncRowLimit) throw reduceDataError();
    return pageResponse(core, call, account, rows, request.fields);
  }
  const insights = core.world.insights;
  const run: ReportRunRecord = {
    id: core.world.nextId(),
    adAccountId,
    query: request.query,
    fields: request.fields,
    startedMs: core.nowMs(),
    durationMs: insights.options.asyncJobMs,
    fate: insights.nextFate(rows.length),
    rows,
  };
  insights.reportRuns.set(run.id, run);
  return jsonResponse(200, { report_run_id: run.id });
}

type AsyncStatus = 'Job Not Started' | 'Job Started' | 'Job Running' | 'Job Completed' | 'Job Failed';

/**
 * Where a run stands at `nowMs`: it advances over its duration, then completes, fails, or
 * (stalled) reads 100 % while still "Job Running" forever.
 */
export function reportRunState(
  run: ReportRunRecord,
  nowMs: number,
): { status: AsyncStatus; percent: number } {
  const fraction = run.durationMs <= 0 ? 1 : (nowMs - run.startedMs) / run.durationMs;
  if (fraction >= 1) {
    if (run.fate === 'fail') return { status: 'Job Failed', percent: 0 };
    if (run.fate === 'stall') return { status: 'Job Running', percent: 100 };
    return { status: 'Job Completed', percent: 100 };
  }
  const percent = Math.max(0, Math.floor(fraction * 100));
  if (percent < 10) return { status: 'Job Not Started', percent: 0 };
  return { status: percent < 30 ? 'Job Started' : 'Job Running', percent };
}

const REPORT_RUN_FIELDS = [
  'id',
  'account_id',
  'time_ref',
  'time_completed',
  'async_status',
  'async_percent_completion',
  'date_start',
  'date_stop',
  'is_running',
];

function reportRunFields(core: SimulatorCore, run: ReportRunRecord): Record<string, unknown> {
  const { status, percent } = reportRunState(run, core.nowMs());
  return {
    id: run.id,
    account_id: run.adAccountId.replace(/^act_/, ''),
    time_ref: Math.floor(run.startedMs / 1000),
    time_completed: status === 'Job Completed' ? Math.floor((run.startedMs + run.durationMs) / 1000) : 0,
    async_status: status,
    async_percent_completion: percent,
    date_start: run.query.since,
    date_stop: run.query.until,
    is_running: status !== 'Job Completed' && status !== 'Job Failed',
  };
}

function selectFields(all: Record<string, unknown>, params: URLSearchParams): Record<string, unknown> {
  const text = params.get('fields')?.trim();
  if (!text) return all;
  const out: Record<string, unknown> = { id: all.id };
  for (const field of text.split(',').map((f) => f.trim())) {
    if (!REPORT_RUN_FIELDS.includes(field))
      throw new GraphError({
        status: 400,
        message: `(#100) Tried accessing nonexisting field (${field}) on node type (AdReportRun)`,
        type: 'OAuthException',
        code: 100,
      });
    out[field] = all[field];
  }
  return out;
}

/**
 * `GET /{report_run_id}` (its status) and `GET /{report_run_id}/insights` (its rows, once
 * "Job Completed"). A run is seen only by tokens that reach its ad account; others get Meta's
 * unknown-object answer. These calls count in the account's Insights bucket.
 */
function reportRunCall(
  core: SimulatorCore,
  call: GraphCall,
  principal: Principal,
  run: ReportRunRecord,
  edge: string | undefined,
): SimResponse | undefined {
  if (call.method !== 'GET' || (edge !== undefined && edge !== 'insights')) return undefined;
  try {
    readableAccount(core, call, principal, run.adAccountId);
  } catch {
    throw objectNotFound(run.id, call.method);
  }
  const headers = core.usage.recordInsights(run.adAccountId, core.nowMs());
  const account = core.world.adAccounts.get(run.adAccountId);
  if (!account) throw objectNotFound(run.id, call.method);
  if (edge === undefined)
    return jsonResponse(200, selectFields(reportRunFields(core, run), call.params), headers);
  if (reportRunState(run, core.nowMs()).status !== 'Job Completed') {
    const error = reportNotReady();
    error.fields.headers = headers;
    throw error;
  }
  return pageResponse(core, call, account, run.rows, run.fields, headers);
}

/**
 * The Insights surface: `GET /act_{id}/insights` (sync), `POST /act_{id}/insights` (async
 * report run), `GET /{report_run_id}` and `GET /{report_run_id}/insights`. Undefined for any
 * other call.
 */
export function handleInsightsCall(
  core: SimulatorCore,
  call: GraphCall,
  principal: Principal,
): SimResponse | undefined {
  const [nodeSegment, edge, ...rest] = call.segments;
  if (nodeSegment === undefined || rest.length > 0) return undefined;
  if (nodeSegment.startsWith('act_') && edge === 'insights') {
    if (call.method !== 'GET' && call.method !== 'POST') return undefined;
    return accountInsights(core, call, principal, nodeSegment);
  }
  const run = core.world.insights.reportRuns.get(nodeSegment);
  return run ? reportRunCall(core, call, principal, run, edge) : undefined;
}
