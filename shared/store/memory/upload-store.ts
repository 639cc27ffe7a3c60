import type { UploadRecord } from '../../domain/upload';
import { StaleUploadError, type UploadChange, type UploadStore, uploadExists } from '../upload-store';

/** Uploads in this process's memory, with the DynamoDB store's version rule, for unit tests. */
export class InMemoryUploadStore implements UploadStore {
  private readonly uploads = new Map<string, UploadRecord>();
  /** Every record as written, in order: what a test reads checkpoints from. */
  readonly writes: UploadRecord[] = [];

  async create(upload: UploadRecord): Promise<void> {
    const key = keyOf(upload.workspaceId, upload.id);
    if (this.uploads.has(key)) throw uploadExists(upload.id);
    this.uploads.set(key, structuredClone(upload));
  }

  async get(workspaceId: string, uploadId: string): Promise<UploadRecord | undefined> {
    const upload = this.uploads.get(keyOf(workspaceId, uploadId));
    return upload ? structuredClone(upload) : undefined;
  }

  async update(
    workspaceId: string,
    uploadId: string,
    expectedVersion: number,
    change: UploadChange,
    nowIso: string,
  ): Promise<UploadRecord> {
    const key = keyOf(workspaceId, uploadId);
    const upload = this.uploads.get(key);
    if (!upload || upload.version !== expectedVersion) throw new StaleUploadError(uploadId);
    const next: UploadRecord = {
      ...upload,
      ...structuredClone(change),
      version: expectedVersion + 1,
      updatedAt: nowIso,
    };
    for (const [field, value] of Object.entries(change)) {
      if (value === undefined) delete next[field as keyof UploadChange];
    }
    this.uploads.set(key, next);
    this.writes.push(structuredClone(next));
    return structuredClone(next);
  }
}

function keyOf(workspaceId: string, uploadId: string): string {
  return `${workspaceId}#${uploadId}`;
}
