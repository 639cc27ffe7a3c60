import { ValidationError } from '../../platform/errors';
import { appKeys } from './app-table';

/** Opaque list cursors over DynamoDB's LastEvaluatedKey. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * A cursor is only valid inside the workspace that received it, and, given `skPrefix`, only
 * for the list that made it (a start key outside the query's range is a DynamoDB error).
 */
export function decodeCursor(
  cursor: string,
  workspaceId: string,
  skPrefix?: string,
): Record<string, unknown> {
  return decodeCursorWhere(
    cursor,
    (key) =>
      key.pk === appKeys.workspace(workspaceId) &&
      (skPrefix === undefined || (typeof key.sk === 'string' && key.sk.startsWith(skPrefix))),
  );
}

/** A cursor whose key `isValid` accepts (lists not keyed by workspace: the ad-object mirror). */
export function decodeCursorWhere(
  cursor: string,
  isValid: (key: Record<string, unknown>) => boolean,
): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof key !== 'object' || key === null || !isValid(key)) throw new Error('foreign cursor');
    return key;
  } catch {
    throw new ValidationError('The cursor is invalid.', {
      details: [{ in: 'query', path: 'cursor', message: 'invalid cursor' }],
    });
  }
}
