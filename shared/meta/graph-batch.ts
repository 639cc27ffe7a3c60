import { graphErrorClass, metaErrorFrom } from '../domain/graph-error-classification';
import { parseUsageHeaders, throttleWaitSeconds } from '../domain/usage-headers';
import { chunksOf } from '../platform/chunks-of';
import { type GraphErrorInfo, type MetaError, MetaRequestError } from '../platform/errors';
import { graphBucketKey } from './graph-bucket-key';
import { serializeParams } from './graph-request-encoding';
import { graphBatchBody, graphErrorBody } from './graph-response-schemas';
import { type GraphCallOptions, type GraphRequest, type GraphTransport, pathOnly } from './graph-transport';
import { redactSecrets } from './redact-secrets';

/** Meta accepts at most 50 requests per batch. */
export const MAX_BATCH_SIZE = 50;

/** The answer to one request of a batch: each succeeds or fails on its own. */
export type GraphBatchResult = { ok: true; status: number; body: unknown } | { ok: false; error: MetaError };

interface BatchItemOutcome {
  result: GraphBatchResult;
  /** Worth sending again, after `waitMs`. */
  retry: boolean;
  waitMs: number;
}

/**
 * Sends many requests in as few round trips as Meta allows (`POST /` with `batch`, ≤ 50 each)
 * and answers one result per request, in order. Items that failed transiently or were briefly
 * throttled go out again in a later batch (up to the transport's retry budget; writes only when
 * Meta's answer proves they did nothing); the others keep their typed error. Each item costs
 * its own rate-limit points. The batch's bucket is the one all its paths share, else the token's.
 * https://developers.facebook.com/docs/graph-api/batch-requests
 */
export async function runBatch(
  transport: GraphTransport,
  requests: readonly GraphRequest[],
  call: GraphCallOptions,
): Promise<GraphBatchResult[]> {
  const results: (GraphBatchResult | undefined)[] = new Array(requests.length).fill(undefined);
  const bucketKey = call.bucketKey ?? sharedBucketKey(requests, call);
  let pending = requests.map((_, index) => index);

  for (let round = 0; pending.length > 0; round++) {
    const again: number[] = [];
    let waitMs = 0;
    for (const chunk of chunksOf(pending, MAX_BATCH_SIZE)) {
      const outcomes = await sendChunk(transport, requests, chunk, { ...call, bucketKey });
      chunk.forEach((index, i) => {
        const outcome = outcomes[i];
        if (outcome === undefined) return;
        results[index] = outcome.result;
        if (outcome.retry && round < transport.retryBudget) {
          again.push(index);
          waitMs = Math.max(waitMs, outcome.waitMs);
        }
      });
    }
    pending = again;
    if (pending.length > 0) {
      await transport.pause(Math.max(waitMs, transport.retryDelayMs(round)), call.signal);
    }
  }
  return results.map(
    (r, index) =>
      r ?? {
        ok: false,
        error: new MetaRequestError(`Batch item ${index} got no answer`, {
          httpStatus: 0,
          message: 'no answer',
        }),
      },
  );
}

async function sendChunk(
  transport: GraphTransport,
  requests: readonly GraphRequest[],
  chunk: readonly number[],
  call: GraphCallOptions,
): Promise<BatchItemOutcome[]> {
  const items = chunk.map((index) => toBatchItem(requests[index] as GraphRequest));
  const allReads = chunk.every((index) => requests[index]?.method === 'GET');
  const cost = chunk.reduce((sum, index) => sum + (requests[index]?.method === 'GET' ? 1 : 3), 0);
  const answer = await transport.execute(
    { method: 'POST', path: '/', params: { batch: JSON.stringify(items), include_headers: true } },
    { ...call, idempotent: call.idempotent ?? allReads },
    { cost },
  );
  const parsed = graphBatchBody.safeParse(answer.body);
  if (!parsed.success || parsed.data.length !== chunk.length) {
    throw new MetaRequestError('POST / (batch): Meta answered in an unexpected shape', {
      httpStatus: answer.status,
      message: 'unexpected batch answer',
    });
  }
  const now = transport.currentTimeMs();
  return parsed.data.map((item, i) => {
    const request = requests[chunk[i] as number] as GraphRequest;
    return itemOutcome(item, request, now, call.accessToken, transport.maxInlineWaitMs);
  });
}

function itemOutcome(
  item: {
    code: number;
    headers?: { name: string; value: string }[];
    body?: string | null | undefined;
  } | null,
  request: GraphRequest,
  nowMs: number,
  accessToken: string,
  maxInlineWaitMs: number,
): BatchItemOutcome {
  const context = `${request.method} ${pathOnly(request.path)} (batch)`;
  if (item === null) {
    // Meta gives up on a slow item inside a batch and answers null: nothing says it did not act.
    const info: GraphErrorInfo = { httpStatus: 0, message: 'Meta did not complete this batch item' };
    return {
      result: { ok: false, error: metaErrorFrom(info, 'transient', 1, undefined, context) },
      retry: request.method === 'GET',
      waitMs: 0,
    };
  }
  const body = parseJson(item.body);
  if (item.code >= 200 && item.code < 300)
    return { result: { ok: true, status: item.code, body }, retry: false, waitMs: 0 };

  const headers = new Map((item.headers ?? []).map((h) => [h.name.toLowerCase(), h.value]));
  const usage = parseUsageHeaders((name) => headers.get(name.toLowerCase()), nowMs);
  const error = graphErrorBody.safeParse(body);
  const info: GraphErrorInfo = error.success
    ? {
        httpStatus: item.code,
        message: redactSecrets(error.data.error.message ?? 'Meta gave no message', [accessToken]),
        ...(error.data.error.code === undefined ? {} : { code: error.data.error.code }),
        ...(error.data.error.error_subcode === undefined ? {} : { subcode: error.data.error.error_subcode }),
        ...(error.data.error.type === undefined ? {} : { type: error.data.error.type }),
        ...(error.data.error.is_transient === undefined
          ? {}
          : { isTransient: error.data.error.is_transient }),
        ...(error.data.error.fbtrace_id === undefined ? {} : { fbtraceId: error.data.error.fbtrace_id }),
      }
    : { httpStatus: item.code, message: `HTTP ${item.code} without a readable Graph answer` };
  const { kind } = graphErrorClass(info);
  const headerWait = throttleWaitSeconds(usage);
  const waitMs = kind === 'throttled' ? (headerWait ?? 1) * 1000 : 0;
  const retry =
    kind === 'throttled'
      ? waitMs <= maxInlineWaitMs
      : kind === 'transient' && (request.method === 'GET' || error.success);
  return {
    result: {
      ok: false,
      error: metaErrorFrom(info, kind, Math.max(1, Math.ceil(waitMs / 1000)), undefined, context),
    },
    retry,
    waitMs,
  };
}

/**
 * `{method, relative_url, body?}`: relative to the version the batch was posted to. Items use
 * the batch's token (sent as a header), so none is ever put in a `relative_url`.
 */
function toBatchItem(request: GraphRequest): { method: string; relative_url: string; body?: string } {
  const path = request.path.replace(/^\/+/, '');
  const params = new URLSearchParams(serializeParams(request.params));
  params.delete('access_token');
  const query = params.toString();
  if (request.method === 'POST') {
    return { method: 'POST', relative_url: path, ...(query === '' ? {} : { body: query }) };
  }
  return {
    method: request.method,
    relative_url: query === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${query}`,
  };
}

function sharedBucketKey(requests: readonly GraphRequest[], call: GraphCallOptions): string {
  const keys = new Set(requests.map((r) => graphBucketKey(r.path, call)));
  const [only] = keys;
  return keys.size === 1 && only !== undefined ? only : graphBucketKey('/', call);
}

function parseJson(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
