import { crc32 } from 'node:zlib';
import { notOneOf, requiredParameter } from './ad-object-errors';
import { integerParam, stringParam } from './ad-object-params';
import { unknownUploadSession, uploadIncomplete, videoFileSizeInvalid, wrongChunk } from './media-errors';
import type { VideoRecord } from './media-records';
import { jsonResponse, type SimResponse } from './sim-response';
import type { GraphCall, SimulatorCore } from './simulator-core';

/** Meta's limit for a video uploaded through the resumable protocol. */
export const MAX_VIDEO_BYTES = 4 * 1024 ** 3;
/** The file part Meta reads a transfer's bytes from. */
const CHUNK_FIELD = 'video_file_chunk';

/** Meta sends offsets as strings. */
function range(start: number, end: number): { start_offset: string; end_offset: string } {
  return { start_offset: String(start), end_offset: String(end) };
}

function expectedEnd(video: VideoRecord): number {
  return Math.min(video.receivedBytes + video.chunkBytes, video.fileSize);
}

function sessionOf(core: SimulatorCore, call: GraphCall, adAccountId: string): VideoRecord {
  const sessionId = stringParam(call.params, 'upload_session_id');
  if (sessionId === undefined) throw requiredParameter('upload_session_id');
  const video = core.world.media.videoOfSession(sessionId);
  if (!video || video.adAccountId !== adAccountId) throw unknownUploadSession();
  return video;
}

function start(core: SimulatorCore, call: GraphCall, adAccountId: string): SimResponse {
  const fileSize = integerParam(call.params, 'file_size');
  if (fileSize === undefined) throw requiredParameter('file_size');
  if (fileSize <= 0 || fileSize > MAX_VIDEO_BYTES) throw videoFileSizeInvalid(MAX_VIDEO_BYTES);
  const { world } = core;
  const video: VideoRecord = {
    id: world.nextId(),
    adAccountId,
    uploadSessionId: world.nextId(),
    fileSize,
    receivedBytes: 0,
    crc32: 0,
    transferCalls: 0,
    bytesReceivedTotal: 0,
    chunkBytes: world.media.chunkBytes,
    createdMs: core.nowMs(),
  };
  world.media.addVideo(video);
  return jsonResponse(200, {
    video_id: video.id,
    upload_session_id: video.uploadSessionId,
    ...range(0, expectedEnd(video)),
  });
}

/**
 * A chunk must start where the accepted bytes end and be exactly the range Meta named (the
 * last one ends at the file size); anything else is 6001 / 1363037 naming the range Meta wants.
 * Only a running CRC-32 and the length are kept.
 */
function transfer(core: SimulatorCore, call: GraphCall, adAccountId: string): SimResponse {
  const video = sessionOf(core, call, adAccountId);
  const startOffset = integerParam(call.params, 'start_offset');
  if (startOffset === undefined) throw requiredParameter('start_offset');
  const files = call.files ?? [];
  const chunk = (files.find((file) => file.field === CHUNK_FIELD) ?? files[0])?.bytes;
  if (chunk === undefined) throw requiredParameter(CHUNK_FIELD);
  video.bytesReceivedTotal += chunk.length;
  const end = expectedEnd(video);
  if (startOffset !== video.receivedBytes || chunk.length !== end - video.receivedBytes)
    throw wrongChunk(video.receivedBytes, end);
  video.crc32 = crc32(chunk, video.crc32);
  video.receivedBytes += chunk.length;
  video.transferCalls += 1;
  return jsonResponse(200, range(video.receivedBytes, expectedEnd(video)));
}

/** Only once every byte arrived; a repeated finish (its answer lost) succeeds again. */
function finish(core: SimulatorCore, call: GraphCall, adAccountId: string): SimResponse {
  const video = sessionOf(core, call, adAccountId);
  if (video.receivedBytes < video.fileSize) throw uploadIncomplete(video.receivedBytes, expectedEnd(video));
  if (video.finishedMs === undefined) {
    const now = core.nowMs();
    video.finishedMs = now;
    video.readyAtMs = now + core.world.media.processingMs;
    video.crc32Hex = video.crc32.toString(16).padStart(8, '0');
    const title = stringParam(call.params, 'title');
    if (title !== undefined) video.title = title;
  }
  return jsonResponse(200, { success: true });
}

/** `POST /act_{id}/advideos` with `upload_phase=start|transfer|finish` (the resumable protocol). */
export function resumableVideoUpload(core: SimulatorCore, call: GraphCall, adAccountId: string): SimResponse {
  const phase = stringParam(call.params, 'upload_phase');
  if (phase === 'start') return start(core, call, adAccountId);
  if (phase === 'transfer') return transfer(core, call, adAccountId);
  if (phase === 'finish') return finish(core, call, adAccountId);
  if (phase === undefined) throw requiredParameter('upload_phase');
  throw notOneOf('upload_phase', ['start', 'transfer', 'finish', 'cancel']);
}
