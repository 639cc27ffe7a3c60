import { AppError, ConflictError, NotFoundError, UnprocessableError } from '../platform/errors';
import type { UploadNeed } from './creative-spec';
import { type UploadKind, type UploadRecord, uploadAsSeen } from './upload';

/** A ready upload with what Meta knows it by. */
export type ReadyUpload =
  | { kind: 'image'; upload: UploadRecord; imageHash: string }
  | { kind: 'video'; upload: UploadRecord; videoId: string };

/**
 * Checks every upload a creative needs, before Meta is asked (DESIGN §5): unknown or another
 * workspace's → 404 naming it; of another kind than the field takes, or sent to another ad
 * account than the workspace's picked one → 422 naming the field; rejected → 422
 * `upload_rejected` with its reason; not ready yet → 409 `upload_not_ready` with its status.
 * A final refusal wins over "not ready" (waiting would not help), else the first field's.
 * `uploads` holds what the store read for each id (undefined: none in this workspace).
 */
export function readyUploads(
  needs: readonly UploadNeed[],
  uploads: ReadonlyMap<string, UploadRecord | undefined>,
  adAccountId: string,
  nowMs: number,
): Map<string, ReadyUpload> {
  const ready = new Map<string, ReadyUpload>();
  const problems: AppError[] = [];
  for (const need of needs) {
    const stored = uploads.get(need.uploadId);
    const outcome = stored
      ? checkUpload(need, uploadAsSeen(stored, nowMs), adAccountId)
      : new NotFoundError(`Upload ${need.uploadId} (${need.field}) was not found.`, {
          details: { field: need.field, uploadId: need.uploadId },
        });
    if (outcome instanceof AppError) problems.push(outcome);
    else ready.set(need.uploadId, outcome);
  }
  const first = problems.find((problem) => problem.status !== 409) ?? problems[0];
  if (first) throw first;
  return ready;
}

function checkUpload(need: UploadNeed, upload: UploadRecord, adAccountId: string): ReadyUpload | AppError {
  const details = { field: need.field, uploadId: upload.id };
  if (!need.kinds.includes(upload.kind)) {
    return new UnprocessableError(
      `${need.field} must be ${need.kinds.map(kindName).join(' or ')}; upload ${upload.id} is ${kindName(upload.kind)}.`,
      { code: 'upload_wrong_kind', details: { ...details, kind: upload.kind, expected: need.kinds } },
    );
  }
  if (upload.adAccountId !== adAccountId) {
    return new UnprocessableError(
      `Upload ${upload.id} (${need.field}) went to ad account ${upload.adAccountId}, not the picked ${adAccountId}: upload it again.`,
      { code: 'upload_other_ad_account', details: { ...details, adAccountId: upload.adAccountId } },
    );
  }
  if (upload.status === 'rejected') {
    return new UnprocessableError(
      `Upload ${upload.id} (${need.field}) was rejected: ${upload.reason ?? 'no reason given'}`,
      { code: 'upload_rejected', details: { ...details, reason: upload.reason } },
    );
  }
  if (upload.status === 'ready' && upload.kind === 'image' && upload.imageHash) {
    return { kind: 'image', upload, imageHash: upload.imageHash };
  }
  if (upload.status === 'ready' && upload.kind === 'video' && upload.videoId) {
    return { kind: 'video', upload, videoId: upload.videoId };
  }
  return new ConflictError(`Upload ${upload.id} (${need.field}) is not ready yet (${upload.status}).`, {
    code: 'upload_not_ready',
    details: { ...details, status: upload.status },
  });
}

function kindName(kind: UploadKind): string {
  return kind === 'image' ? 'an image' : 'a video';
}
