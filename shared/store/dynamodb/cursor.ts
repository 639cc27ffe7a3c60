import { ValidationError } from '../../platform/errors';
import { appKeys } from './app-table';

/** Opaque list cursors over DynamoDB's LastEvaluatedKey. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor is only valid inside the workspace that received it. */
export function decodeCursor(cursor: string, workspaceId: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (key.pk !== appKeys.workspace(workspaceId)) throw new Error('foreign cursor');
    return key;
  } catch {
    throw new ValidationError('The cursor is invalid.', {
      details: [{ in: 'query', path: 'cursor', message: 'invalid cursor' }],
    });
  }
}
