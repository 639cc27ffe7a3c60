import { invalidCursor, invalidParameter } from './graph-error';
import type { IdList } from './id-list';

export const DEFAULT_PAGE_LIMIT = 25;

/**
 * The largest page the discovery edges give. Meta caps page sizes per edge and does not
 * publish one number; 500 is what the business asset edges are commonly read with. A larger
 * `limit` is capped, not refused: Meta's paging guide says "some edges may also have a maximum
 * on the limit value for performance reasons. In all cases, the API returns the correct
 * pagination links" (https://developers.facebook.com/docs/graph-api/results).
 */
export const MAX_PAGE_LIMIT = 500;

export interface PageRequest {
  limit: number;
  after?: string;
  before?: string;
}

export interface PageSlice {
  ids: string[];
  hasNext: boolean;
  hasPrevious: boolean;
}

/** Where `next` / `previous` point: the edge URL and the query to keep (token, fields…). */
export interface PageLink {
  url: string;
  params: URLSearchParams;
}

export interface PagedBody {
  data: unknown[];
  paging?: {
    cursors: { before: string; after: string };
    next?: string;
    previous?: string;
  };
}

/** Meta's cursors are base64 of the row's key (often the id itself). */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64');
}

function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(cursor)) return undefined;
  return Buffer.from(cursor, 'base64').toString('utf8');
}

export function readPageRequest(params: URLSearchParams, limitOverride?: number): PageRequest {
  const rawLimit = params.get('limit');
  let limit = limitOverride ?? DEFAULT_PAGE_LIMIT;
  if (rawLimit !== null && limitOverride === undefined) {
    limit = Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1) {
      throw invalidParameter('(#100) Param limit must be a positive integer');
    }
  }
  const request: PageRequest = { limit: Math.min(limit, MAX_PAGE_LIMIT) };
  const after = params.get('after');
  const before = params.get('before');
  if (after) request.after = after;
  else if (before) request.before = before;
  return request;
}

/** One page of an edge; a cursor that names no row of the edge answers error 2642. */
export function slicePage(list: IdList, request: PageRequest): PageSlice {
  let start = 0;
  let end = Math.min(list.length, request.limit);
  const cursor = request.after ?? request.before;
  if (cursor !== undefined) {
    const id = decodeCursor(cursor);
    const index = id === undefined ? -1 : list.indexOf(id);
    if (index < 0) throw invalidCursor();
    if (request.after !== undefined) {
      start = index + 1;
      end = Math.min(list.length, start + request.limit);
    } else {
      end = index;
      start = Math.max(0, end - request.limit);
    }
  }
  return { ids: list.slice(start, end), hasNext: end < list.length, hasPrevious: start > 0 };
}

function linkTo(link: PageLink, limit: number, cursorName: 'after' | 'before', cursor: string): string {
  const params = new URLSearchParams(link.params);
  params.delete('after');
  params.delete('before');
  params.set('limit', String(limit));
  params.set(cursorName, cursor);
  return `${link.url}?${params.toString()}`;
}

/** `{data, paging: {cursors, next?, previous?}}`; an empty page is just `{data: []}`. */
export function pagedBody(
  data: unknown[],
  slice: PageSlice,
  request: PageRequest,
  link: PageLink,
): PagedBody {
  const first = slice.ids[0];
  const last = slice.ids[slice.ids.length - 1];
  if (first === undefined || last === undefined) return { data };
  const before = encodeCursor(first);
  const after = encodeCursor(last);
  const body: PagedBody = { data, paging: { cursors: { before, after } } };
  if (body.paging && slice.hasNext) body.paging.next = linkTo(link, request.limit, 'after', after);
  if (body.paging && slice.hasPrevious) body.paging.previous = linkTo(link, request.limit, 'before', before);
  return body;
}
