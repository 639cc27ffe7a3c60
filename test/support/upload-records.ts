import type { UploadRecord } from '../../shared/domain/upload';
import { uploadKey } from '../../shared/domain/upload';

/** A pending image upload of workspace ws-1 to act_1; override what the test is about. */
export function uploadRecord(overrides: Partial<UploadRecord> = {}): UploadRecord {
  const workspaceId = overrides.workspaceId ?? 'ws-1';
  const id = overrides.id ?? 'upl_000000000000000000000001';
  return {
    workspaceId,
    id,
    kind: 'image',
    fileName: 'spring.png',
    contentType: 'image/png',
    bytes: 2_000,
    key: uploadKey(workspaceId, id),
    adAccountId: 'act_1',
    status: 'pending',
    createdAt: '2026-12-01T10:00:00.000Z',
    expiresAt: '2026-12-01T11:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    version: 1,
    ...overrides,
  };
}
