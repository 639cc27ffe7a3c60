import type * as z from 'zod';
import { graphErrorClass } from '../domain/graph-error-classification';
import { MetaError, MetaRequestError } from '../platform/errors';
import { type GraphPageBody, graphPageBody } from './graph-response-schemas';
import type { GraphCallOptions, GraphParams, GraphTransport } from './graph-transport';
import { pathOnly } from './graph-transport';

/** The most a Graph edge returns per page in practice; Meta shrinks it with code 1 when too big. */
export const DEFAULT_PAGE_LIMIT = 500;

export interface PageOptions<S extends z.ZodType> extends GraphCallOptions {
  /** `fields=`: a list or Meta's own syntax (`name,owned_ad_accounts.limit(500){name}`). */
  fields?: readonly string[] | string;
  /** Page size asked for; calls are budgeted, not rows, so the largest the edge allows. */
  limit?: number;
  /** Extra query parameters (filtering, since/until…). */
  params?: GraphParams;
  /** Resume after this cursor: the `nextCursor` of the last page the caller handled. */
  startCursor?: string;
  /** Validates each item (zod at the edge); items are `unknown` without it. */
  schema?: S;
  /** Restarts from the beginning after "(#2642) Invalid cursors values". @default 1 */
  maxRestarts?: number;
}

/** One page of an edge, with what is needed to resume after it. */
export interface GraphPage<T> {
  items: T[];
  /** Pass as `startCursor` to continue after this page; absent on the last page. */
  nextCursor?: string;
  /** True on the first page after the edge restarted (an expired cursor): earlier items come again. */
  restarted: boolean;
}

/**
 * Where a paging call stopped, in `details.checkpoint` of the MetaThrottledError /
 * MetaTransientError it threw: resume with `startCursor: checkpoint.cursor` (undefined = from
 * the start). Items of pages already yielded belong to the caller.
 */
export interface PagingCheckpoint {
  edge: string;
  cursor?: string;
}

/**
 * Reads a cursor-paged edge page by page, to the end: each page's `nextCursor` lets a queue
 * consumer that must stop (a long throttle, an open breaker) resume exactly there. Code 1
 * "reduce the amount of data" retries the page with half the limit, then grows it back; an
 * invalid cursor restarts the edge (upserts downstream make the repeat safe).
 */
export async function* pageEdge<S extends z.ZodType>(
  transport: GraphTransport,
  edge: string,
  options: PageOptions<S>,
): AsyncGenerator<GraphPage<z.output<S>>, void, undefined> {
  const target = Math.max(1, Math.floor(options.limit ?? DEFAULT_PAGE_LIMIT));
  const maxRestarts = options.maxRestarts ?? 1;
  const fields = typeof options.fields === 'string' ? options.fields : options.fields?.join(',');
  let limit = target;
  let cursor = options.startCursor;
  let restarts = 0;
  let restarted = false;
  const seen = new Set<string>();

  for (;;) {
    let body: unknown;
    try {
      const answer = await transport.execute(
        () => ({
          method: 'GET',
          path: edge,
          params: { ...options.params, ...(fields ? { fields } : {}), limit, ...cursorParams(cursor) },
        }),
        options,
        {
          onReduceData: () => {
            if (limit <= 1) return false;
            limit = Math.ceil(limit / 2);
            return true;
          },
          checkpoint: (): PagingCheckpoint => ({ edge, ...(cursor === undefined ? {} : { cursor }) }),
        },
      );
      body = answer.body;
    } catch (err: unknown) {
      if (cursor !== undefined && restarts < maxRestarts && isInvalidCursor(err)) {
        restarts++;
        restarted = true;
        cursor = undefined;
        seen.clear();
        continue;
      }
      throw err;
    }

    const page = parsePage(body, edge);
    const items = parseItems(page.data, options.schema, edge);
    let nextCursor = nextCursorOf(page);
    // A cursor seen before would loop forever: Meta sometimes repeats the last one.
    if (nextCursor !== undefined && seen.has(nextCursor)) nextCursor = undefined;
    if (nextCursor !== undefined) seen.add(nextCursor);
    yield { items, ...(nextCursor === undefined ? {} : { nextCursor }), restarted };
    if (nextCursor === undefined) return;
    restarted = false;
    cursor = nextCursor;
    // The smaller page worked: try the larger one again.
    limit = Math.min(target, limit * 2);
  }
}

/** The checkpoint a throttled/transient paging error carries, if any. */
export function pagingCheckpointOf(err: unknown): PagingCheckpoint | undefined {
  if (!(err instanceof MetaError)) return undefined;
  const details = err.details;
  if (typeof details !== 'object' || details === null || !('checkpoint' in details)) return undefined;
  const checkpoint = (details as { checkpoint: unknown }).checkpoint;
  if (typeof checkpoint !== 'object' || checkpoint === null || !('edge' in checkpoint)) return undefined;
  const { edge, cursor } = checkpoint as { edge: unknown; cursor?: unknown };
  if (typeof edge !== 'string') return undefined;
  return typeof cursor === 'string' ? { edge, cursor } : { edge };
}

function isInvalidCursor(err: unknown): boolean {
  return err instanceof MetaError && graphErrorClass(err.graph).invalidCursor;
}

/**
 * The cursor to continue from: `paging.cursors.after` while `paging.next` exists. Edges paged by
 * offset or time carry no `after`; their `next` query (minus secrets) becomes an opaque cursor.
 */
function nextCursorOf(page: GraphPageBody): string | undefined {
  const next = page.paging?.next;
  if (next === undefined) return undefined;
  const after = page.paging?.cursors?.after;
  if (after !== undefined && after !== '') return after;
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    return undefined;
  }
  for (const name of ['access_token', 'appsecret_proof', 'appsecret_time', 'limit', 'fields']) {
    url.searchParams.delete(name);
  }
  const query = url.searchParams.toString();
  return query === '' ? undefined : `?${query}`;
}

function cursorParams(cursor: string | undefined): GraphParams {
  if (cursor === undefined) return {};
  if (!cursor.startsWith('?')) return { after: cursor };
  return Object.fromEntries(new URLSearchParams(cursor.slice(1)));
}

function parsePage(body: unknown, edge: string): GraphPageBody {
  const parsed = graphPageBody.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new MetaRequestError(
    `GET ${pathOnly(edge)}: Meta answered without a page of data`,
    { httpStatus: 200, message: 'not a paged answer' },
    {
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
    },
  );
}

function parseItems<S extends z.ZodType>(
  data: unknown[],
  schema: S | undefined,
  edge: string,
): z.output<S>[] {
  if (schema === undefined) return data as z.output<S>[];
  return data.map((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) return parsed.data;
    throw new MetaRequestError(
      `GET ${pathOnly(edge)}: item ${index} has an unexpected shape`,
      { httpStatus: 200, message: 'unexpected item shape' },
      {
        details: {
          issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
        },
      },
    );
  });
}
