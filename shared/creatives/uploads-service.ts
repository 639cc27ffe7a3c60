import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { runUnderKey } from '../campaigns/idempotency-claim';
import {
  type CreateUploadRequest,
  type createdUploadBody,
  createUploadRoute,
  type uploadBody,
} from '../contracts/creatives';
import { IDEMPOTENCY_TTL_SECONDS, requestFingerprint } from '../domain/idempotency';
import { type UploadRecord, uploadAsSeen, uploadKey } from '../domain/upload';
import { checkUploadRequest } from '../domain/upload-rules';
import type { Principal } from '../platform/auth';
import { ConflictError, NotFoundError } from '../platform/errors';
import type { ConnectionStore } from '../store/connection-store';
import type { IdempotencyStore } from '../store/idempotency-store';
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
  idempotency: IdempotencyStore;
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
 * account, then the presigned POST is signed for its key. Under an Idempotency-Key a repeat
 * answers the same upload; its POST is signed afresh (a signed form holds the signer's
 * credentials, so it is never stored).
 */
export async function startUpload(
  deps: UploadsDeps,
  principal: Principal,
  request: CreateUploadRequest,
  options: { idempotencyKey?: string } = {},
): Promise<{ status: 201; headers?: Record<string, string>; body: z.input<typeof createdUploadBody> }> {
  const { workspaceId } = principal;
  const key = options.idempotencyKey;
  const fingerprint = requestFingerprint(createUploadRoute.method, createUploadRoute.path, request);
  const answer = await runUnderKey(
    deps.idempotency,
    key ? { workspaceId, key } : undefined,
    fingerprint,
    async (held) => {
      const record = await recordUpload(deps, principal, request);
      const recorded = { status: 201, body: { id: record.id, expiresAt: record.expiresAt } };
      if (held)
        await deps.idempotency.complete(held.scope, held.fingerprint, recorded, IDEMPOTENCY_TTL_SECONDS);
      return recorded;
    },
  );
  // A replay's request is the first one (same fingerprint): key, type and size follow from it.
  const { id, expiresAt } = recordedUpload.parse(answer.body);
  const upload = await deps.signer.sign({
    key: uploadKey(workspaceId, id),
    contentType: checkUploadRequest(request).contentType,
    size: request.size,
    expiresInSeconds: Math.max(1, Math.floor((Date.parse(expiresAt) - deps.now()) / 1000)),
  });
  return {
    status: 201,
    ...(answer.headers ? { headers: answer.headers } : {}),
    body: { id, upload, expiresAt },
  };
}

/** What the key stores of a started upload: enough to sign its POST again. */
const recordedUpload = z.object({ id: z.string(), expiresAt: z.string() });

async function recordUpload(
  deps: UploadsDeps,
  principal: Principal,
  request: CreateUploadRequest,
): Promise<UploadRecord> {
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
    expiresAt: new Date(nowMs + UPLOAD_WINDOW_SECONDS * 1000).toISOString(),
    updatedAt: createdAt,
    version: 1,
  };
  await deps.uploads.create(record);
  return record;
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
