import type { UploadRecord } from '../domain/upload';
import { ConflictError } from '../platform/errors';

/** What an update may change; `version` is the one read, so a stale writer loses. */
export type UploadChange = Partial<
  Pick<
    UploadRecord,
    'status' | 'reason' | 'imageHash' | 'videoId' | 'width' | 'height' | 'sentBytes' | 'video'
  >
>;

export class StaleUploadError extends Error {
  constructor(readonly uploadId: string) {
    super(`upload ${uploadId} changed under this writer`);
    this.name = 'StaleUploadError';
  }
}

/** `create` of an id that exists: ids are random, so this is a bug, not a user's doing. */
export function uploadExists(uploadId: string): ConflictError {
  return new ConflictError(`Upload ${uploadId} exists already.`, { code: 'upload_exists' });
}

/**
 * Uploads (app table, `WS#<ws>` / `UPLOAD#<id>`, TTL a while after `expiresAt`). Reads are
 * scoped by workspace: another workspace's id reads undefined.
 */
export interface UploadStore {
  create(upload: UploadRecord): Promise<void>;
  get(workspaceId: string, uploadId: string): Promise<UploadRecord | undefined>;
  /**
   * Applies `change` if the stored version is `expectedVersion`, bumping it; throws
   * StaleUploadError otherwise. Returns the record as written.
   */
  update(
    workspaceId: string,
    uploadId: string,
    expectedVersion: number,
    change: UploadChange,
    nowIso: string,
  ): Promise<UploadRecord>;
}
