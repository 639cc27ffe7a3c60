import type { UploadStatus } from '../contracts/creatives';

export type UploadKind = 'image' | 'video';

/** Where a video's resumable transfer to Meta stands: what Meta acknowledged last. */
export interface VideoTransfer {
  videoId: string;
  uploadSessionId: string;
  /** The next byte Meta expects (every byte before it is acknowledged). */
  startOffset: number;
  /** Where Meta wants the next chunk to end (exclusive); equal to the size once all is sent. */
  endOffset: number;
  /** The staged object's ETag when the session started: every chunk is read from that version. */
  etag?: string;
  /** Set once `upload_phase=finish` was acknowledged; from then on we wait for `ready`. */
  finished?: boolean;
}

/**
 * One upload of a workspace (DESIGN §5 "Uploads"). The file sits in the staging bucket at
 * `key`; the ingest moves it to Meta and records what Meta answered. `version` bumps on every
 * write, so concurrent ingests of one upload (a redelivered message) cannot both advance it.
 */
export interface UploadRecord {
  workspaceId: string;
  id: string;
  kind: UploadKind;
  fileName: string;
  contentType: string;
  /** The declared size: the staged file must be exactly this long. */
  bytes: number;
  /** The staging object's key (`uploads/<workspace>/<upload id>`). */
  key: string;
  /** The ad account the media goes to (the workspace's pick when the upload began). */
  adAccountId: string;
  status: UploadStatus;
  reason?: string;
  imageHash?: string;
  videoId?: string;
  width?: number;
  height?: number;
  /** Video bytes Meta has acknowledged. */
  sentBytes?: number;
  video?: VideoTransfer;
  createdAt: string;
  /** After this (ISO-8601) a file that never arrived reads `rejected` ("expired"). */
  expiresAt: string;
  updatedAt: string;
  version: number;
}

/** The staging key of an upload; the ingest reads workspace and upload back from it. */
export function uploadKey(workspaceId: string, uploadId: string): string {
  return `uploads/${workspaceId}/${uploadId}`;
}

/** The workspace and upload a staging key names, or undefined for a key that is not ours. */
export function parseUploadKey(key: string): { workspaceId: string; uploadId: string } | undefined {
  const match = /^uploads\/([^/]+)\/(upl_[0-9a-f]{24})$/.exec(key);
  if (!match?.[1] || !match[2]) return undefined;
  return { workspaceId: match[1], uploadId: match[2] };
}

/**
 * How long after `expiresAt` a pending upload still waits for its file: S3 takes a POST that
 * started before the link expired however long it runs, and its event reaches the ingest a
 * little later. Ten minutes, plus the time the file takes at 1 MiB/s (71 minutes for 4 GiB).
 */
export function arrivalGraceMs(bytes: number): number {
  return 10 * 60_000 + Math.ceil(bytes / (1024 * 1024)) * 1000;
}

/** What a reader sees: a pending upload whose file can no longer arrive reads rejected ("expired"). */
export function uploadAsSeen(upload: UploadRecord, nowMs: number): UploadRecord {
  if (upload.status !== 'pending') return upload;
  if (Date.parse(upload.expiresAt) + arrivalGraceMs(upload.bytes) > nowMs) return upload;
  return { ...upload, status: 'rejected', reason: EXPIRED_REASON };
}

export const EXPIRED_REASON =
  'The file never arrived before the upload link expired. Start the upload again.';
