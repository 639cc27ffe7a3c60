import { randomBytes } from 'node:crypto';
import type * as z from 'zod';
import type { CreateUploadRequest, createdUploadBody, uploadBody } from '../contracts/creatives';
import { type UploadRecord, uploadAsSeen, uploadKey } from '../domain/upload';
import { checkUploadRequest } from '../domain/upload-rules';
import type { Principal } from '../platform/auth';
import { ConflictError, NotFoundError } from '../platform/errors';
import type { ConnectionStore } from '../store/connection-store';
import type { UploadStore } from '../store/upload-store';

/** How long the presigned POST may be started; a file not arrived by then reads "expired". */
export const UPLOAD_WINDOW_SECONDS = 60 * 60;

/** Signs a browser upload of exactly one object: this key, this type, exactly this size. */
export interface UploadSigner {
  sign(object: {
    key: string;
    contentType: string;
    size: number;
    expiresInSeconds: number;
  }): Promise<{ url: string; fields: Record<string, string> }>;
}

export interface UploadsDeps {
  uploads: UploadStore;
  connections: Pick<ConnectionStore, 'get'>;
  signer: UploadSigner;
  now: () => number;
  newUploadId?: () => string;
}

export function newUploadId(): string {
  return `upl_${randomBytes(12).toString('hex')}`;
}

/**
 * `POST /meta/creatives/uploads`: the request is checked (kind, type, extension, size → 422)
 * before anything is signed; the upload is recorded `pending` for the workspace's picked ad
 * account, then the presigned POST is signed for its key.
 */
export async function startUpload(
  deps: UploadsDeps,
  principal: Principal,
  request: CreateUploadRequest,
): Promise<z.input<typeof createdUploadBody>> {
  const { kind, contentType } = checkUploadRequest(request);
  const connection = await deps.connections.get(principal.workspaceId);
  if (connection.status === 'disconnected')
    throw new ConflictError('Meta is not connected for this workspace.', { code: 'not_connected' });
  if (connection.adAccountId === undefined)
    throw new ConflictError('Pick an ad account first (PUT /integrations/meta/ad-account).', {
      code: 'no_ad_account',
    });

  const nowMs = deps.now();
  const id = (deps.newUploadId ?? newUploadId)();
  const createdAt = new Date(nowMs).toISOString();
  const expiresAt = new Date(nowMs + UPLOAD_WINDOW_SECONDS * 1000).toISOString();
  const record: UploadRecord = {
    workspaceId: principal.workspaceId,
    id,
    kind,
    fileName: request.fileName,
    contentType,
    bytes: request.size,
    key: uploadKey(principal.workspaceId, id),
    adAccountId: connection.adAccountId,
    status: 'pending',
    createdAt,
    expiresAt,
    updatedAt: createdAt,
    version: 1,
  };
  await deps.uploads.create(record);
  const upload = await deps.signer.sign({
    key: record.key,
    contentType,
    size: request.size,
    expiresInSeconds: UPLOAD_WINDOW_SECONDS,
  });
  return { id, upload, expiresAt };
}

/** `GET /meta/creatives/uploads/{id}`: another workspace's id reads 404. */
export async function readUpload(
  deps: Pick<UploadsDeps, 'uploads' | 'now'>,
  principal: Principal,
  uploadId: string,
): Promise<z.input<typeof uploadBody>> {
  const stored = await deps.uploads.get(principal.workspaceId, uploadId);
  if (!stored) throw new NotFoundError(`No upload ${uploadId} in this workspace.`);
  return uploadView(uploadAsSeen(stored, deps.now()));
}

/** The answer shape: what the marketer may see of the record (no key, no session id). */
export function uploadView(upload: UploadRecord): z.input<typeof uploadBody> {
  return {
    id: upload.id,
    kind: upload.kind,
    status: upload.status,
    fileName: upload.fileName,
    contentType: upload.contentType,
    bytes: upload.bytes,
    adAccountId: upload.adAccountId,
    createdAt: upload.createdAt,
    expiresAt: upload.expiresAt,
    updatedAt: upload.updatedAt,
    ...(upload.sentBytes === undefined ? {} : { sentBytes: upload.sentBytes }),
    ...(upload.reason === undefined ? {} : { reason: upload.reason }),
    ...(upload.imageHash === undefined ? {} : { imageHash: upload.imageHash }),
    ...(upload.videoId === undefined ? {} : { videoId: upload.videoId }),
    ...(upload.width === undefined ? {} : { width: upload.width }),
    ...(upload.height === undefined ? {} : { height: upload.height }),
  };
}
