import * as z from 'zod';
import { invalidParameter } from './graph-error';
import { splitGraphPath } from './graph-path';
import { jsonResponse, type SimResponse } from './sim-response';
import type { GraphCall } from './simulator-core';
import { secretsIn, tokenArrival } from './token-arrival';

/** Meta's limit per batch request. */
export const MAX_BATCH_SIZE = 50;

const batchItems = z.array(
  z.object({
    method: z.string().min(1),
    relative_url: z.string().min(1),
    body: z.string().optional(),
    name: z.string().optional(),
  }),
);

function parseBatch(raw: string | null): z.output<typeof batchItems> {
  if (raw === null) throw invalidParameter('(#100) The parameter batch is required');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw invalidParameter('(#100) The parameter batch must be a JSON array');
  }
  const parsed = batchItems.safeParse(json);
  if (!parsed.success) throw invalidParameter('(#100) The parameter batch must be a JSON array');
  if (parsed.data.length > MAX_BATCH_SIZE) {
    throw invalidParameter(
      `(#100) Too many requests in batch message. Maximum batch size is ${MAX_BATCH_SIZE}`,
    );
  }
  return parsed.data;
}

/** One batch item as a call: its own token if its URL or body has one, else the batch's. */
function itemCall(outer: GraphCall, item: z.output<typeof batchItems>[number]): GraphCall {
  const url = new URL(item.relative_url.replace(/^\/+/, ''), 'http://batch.invalid/');
  const { version, segments, path } = splitGraphPath(url.pathname, outer.version);
  const params = new URLSearchParams(url.searchParams);
  const body = new URLSearchParams(item.body ?? '');
  for (const [name, value] of body) params.set(name, value);
  let accessToken = params.get('access_token') ?? undefined;
  const ownToken = accessToken !== undefined;
  if (accessToken === undefined) {
    accessToken = outer.accessToken;
    // The batch's appsecret_proof covers the batch's token.
    for (const name of ['appsecret_proof', 'appsecret_time']) {
      const value = outer.params.get(name);
      if (value !== null && !params.has(name)) params.set(name, value);
    }
  }
  return {
    method: item.method.toUpperCase(),
    path,
    segments,
    version,
    params,
    accessToken,
    tokenIn: ownToken ? tokenArrival(url.searchParams, body, undefined) : outer.tokenIn,
    secretsInUrl: secretsIn(url.searchParams),
  };
}

/**
 * `POST /` with `batch=[{method, relative_url, body?}]` (≤ 50): every item runs on its own
 * (faults and the request log apply per item), in parallel; the answer lists
 * `{code, headers: [{name, value}], body: "<json string>"}` in order.
 * https://developers.facebook.com/docs/graph-api/batch-requests
 */
export async function executeBatch(
  outer: GraphCall,
  runItem: (call: GraphCall) => Promise<SimResponse>,
): Promise<SimResponse> {
  const items = parseBatch(outer.params.get('batch'));
  const includeHeaders = outer.params.get('include_headers') !== 'false';
  const answers = await Promise.all(
    items.map(async (item) => {
      const response = await runItem(itemCall(outer, item));
      const answer: { code: number; headers?: { name: string; value: string }[]; body: string } = {
        code: response.status,
        body: response.body,
      };
      if (includeHeaders) {
        answer.headers = Object.entries(response.headers).map(([name, value]) => ({ name, value }));
      }
      return answer;
    }),
  );
  return jsonResponse(200, answers);
}
