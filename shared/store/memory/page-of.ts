import { ValidationError } from '../../platform/errors';

/**
 * A page of `items` (already filtered and ordered) from the offset a cursor carries: the
 * in-memory twins' cursors are offsets, opaque to callers like DynamoDB's keys.
 */
export function pageOf<T>(
  items: readonly T[],
  limit: number,
  cursor?: string,
): { items: T[]; nextCursor?: string } {
  const start = cursor === undefined ? 0 : Number(cursor);
  if (!Number.isInteger(start) || start < 0)
    throw new ValidationError('The cursor is invalid.', {
      details: [{ in: 'query', path: 'cursor', message: 'invalid cursor' }],
    });
  const next = start + limit;
  return { items: items.slice(start, next), ...(next < items.length ? { nextCursor: String(next) } : {}) };
}
