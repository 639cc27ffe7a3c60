import * as z from 'zod';
import { adAccountBucketKey } from '../meta/graph-bucket-key';
import type { GraphClient } from '../meta/graph-client';
import { removeMarkerLabels } from '../meta/marker-labels';
import { MetaError, MetaRequestError } from '../platform/errors';
import type {
  ChunkAnswer,
  CreativeParams,
  FinishAnswer,
  MediaCall,
  MetaMedia,
  VideoProcessing,
  VideoSession,
} from './meta-media';

/** An offset Meta sends as a string (or, now and then, a number). */
const offset = z.union([z.number().int().min(0), z.string().regex(/^\d+$/).transform(Number)]);

const imagesBody = z.object({
  images: z.record(z.string(), z.object({ hash: z.string().min(1) }).loose()),
});
const startBody = z.object({
  video_id: z.union([z.string(), z.number()]).transform(String),
  upload_session_id: z.union([z.string(), z.number()]).transform(String),
  start_offset: offset,
  end_offset: offset,
});
const rangeBody = z.object({ start_offset: offset, end_offset: offset });
const successBody = z.object({ success: z.boolean() }).loose();
const videoStatusBody = z.object({
  id: z.string(),
  status: z
    .object({
      video_status: z.string(),
      processing_progress: z.number().optional(),
      processing_phase: z
        .object({ errors: z.array(z.object({ message: z.string() }).loose()).optional() })
        .loose()
        .optional(),
    })
    .loose(),
});
const thumbnailsBody = z.object({
  data: z.array(z.object({ uri: z.string(), is_preferred: z.boolean().optional() }).loose()),
});
const createdBody = z.object({ id: z.string() });
const idRow = z.object({ id: z.string() });

/** Meta's answer to a chunk that is not the range it expects. */
const WRONG_OFFSET = { code: 6001, subcode: 1363037 };
const CHUNK_FIELD = 'video_file_chunk';

/**
 * MetaMedia over THE Graph client: images multipart to `/act_{id}/adimages`, the resumable video
 * phases on the video host, creatives with their marker in `adlabels`. Every call names the ad
 * account's bucket, as campaign management does, so a throttled account stops only its own
 * uploads. Writes are not retried by the transport when the answer is lost: the ingest resumes
 * a video from its checkpoint, and Meta's wrong-offset answer tells the range it really wants.
 */
export class GraphMetaMedia implements MetaMedia {
  constructor(private readonly graph: GraphClient) {}

  async uploadImage(
    call: MediaCall,
    image: { fileName: string; contentType: string; bytes: Uint8Array },
  ): Promise<{ hash: string }> {
    const answer = await this.graph.postMultipart(`/${call.adAccountId}/adimages`, {
      ...callOptions(call),
      files: [{ name: image.fileName, ...image }],
      schema: imagesBody,
    });
    const [first] = Object.values(answer.images);
    if (!first) throw unexpected(`POST /${call.adAccountId}/adimages`, 'no image in the answer');
    return { hash: first.hash };
  }

  async startVideo(call: MediaCall, fileSize: number): Promise<VideoSession> {
    const answer = await this.graph.post(`/${call.adAccountId}/advideos`, {
      ...callOptions(call),
      host: 'video',
      params: { upload_phase: 'start', file_size: fileSize },
      schema: startBody,
    });
    return {
      videoId: answer.video_id,
      uploadSessionId: answer.upload_session_id,
      startOffset: answer.start_offset,
      endOffset: answer.end_offset,
    };
  }

  async transferVideoChunk(
    call: MediaCall,
    session: { uploadSessionId: string; startOffset: number },
    chunk: Uint8Array,
  ): Promise<ChunkAnswer> {
    try {
      const answer = await this.graph.postMultipart(`/${call.adAccountId}/advideos`, {
        ...callOptions(call),
        host: 'video',
        params: {
          upload_phase: 'transfer',
          upload_session_id: session.uploadSessionId,
          start_offset: session.startOffset,
        },
        files: [
          { name: CHUNK_FIELD, fileName: 'chunk', contentType: 'application/octet-stream', bytes: chunk },
        ],
        schema: rangeBody,
      });
      return { kind: 'accepted', startOffset: answer.start_offset, endOffset: answer.end_offset };
    } catch (err: unknown) {
      const expected = wrongOffsetOf(err);
      if (expected) return { kind: 'wrong_offset', ...expected };
      throw err;
    }
  }

  async finishVideo(
    call: MediaCall,
    session: { uploadSessionId: string; title?: string },
  ): Promise<FinishAnswer> {
    try {
      await this.graph.post(`/${call.adAccountId}/advideos`, {
        ...callOptions(call),
        host: 'video',
        params: {
          upload_phase: 'finish',
          upload_session_id: session.uploadSessionId,
          ...(session.title === undefined ? {} : { title: session.title }),
        },
        schema: successBody,
      });
      return { kind: 'finished' };
    } catch (err: unknown) {
      const missing = incompleteUploadOf(err);
      if (missing) return { kind: 'incomplete', ...missing };
      throw err;
    }
  }

  async videoProcessing(call: MediaCall, videoId: string): Promise<VideoProcessing> {
    const { status } = await this.graph.get(`/${videoId}`, {
      ...callOptions(call),
      fields: ['status'],
      schema: videoStatusBody,
    });
    switch (status.video_status) {
      case 'ready':
        return { status: 'ready' };
      case 'error': {
        const why = status.processing_phase?.errors?.[0]?.message;
        return { status: 'failed', reason: why ?? 'Meta could not process the video. Try another file.' };
      }
      case 'expired':
        return {
          status: 'failed',
          reason: 'Meta dropped the upload before it finished. Upload the video again.',
        };
      default:
        // `upload` (Meta still assembling the chunks) and `processing` alike: not ready yet.
        return {
          status: 'processing',
          ...(status.video_status === 'upload' ? { uploading: true } : {}),
          ...(status.processing_progress === undefined ? {} : { progressPct: status.processing_progress }),
        };
    }
  }

  async videoThumbnailUrl(call: MediaCall, videoId: string): Promise<string | undefined> {
    const { data } = await this.graph.get(`/${videoId}/thumbnails`, {
      ...callOptions(call),
      schema: thumbnailsBody,
    });
    return (data.find((thumbnail) => thumbnail.is_preferred) ?? data[0])?.uri;
  }

  async createCreative(call: MediaCall, params: CreativeParams, marker: string): Promise<{ id: string }> {
    const labels = Array.isArray(params.adlabels) ? params.adlabels : [];
    const { id } = await this.graph.post(`/${call.adAccountId}/adcreatives`, {
      ...callOptions(call),
      params: { ...toGraphParams(params), adlabels: [...labels, { name: marker }] },
      schema: createdBody,
      idempotent: false,
    });
    return { id };
  }

  removeCreativeMarker(call: MediaCall, creativeId: string, marker: string): Promise<number> {
    return removeMarkerLabels(this.graph, creativeId, marker, callOptions(call));
  }

  async findCreativeByMarker(call: MediaCall, marker: string): Promise<{ id: string } | undefined> {
    const found = await this.graph.pageAll(`/${call.adAccountId}/adcreatives`, {
      ...callOptions(call),
      fields: ['id', 'name'],
      params: { filtering: [{ field: 'adlabels', operator: 'ANY', value: [marker] }] },
      schema: idRow,
    });
    const first = found[0];
    return first === undefined ? undefined : { id: first.id };
  }
}

function callOptions(call: MediaCall) {
  return {
    accessToken: call.accessToken,
    tokenId: call.tokenId,
    bucketKey: adAccountBucketKey(call.adAccountId),
    ...(call.signal === undefined ? {} : { signal: call.signal }),
  };
}

/** `CreativeParams` hold JSON values; the Graph client sends objects and arrays as JSON. */
function toGraphParams(params: CreativeParams) {
  const out: Record<string, string | number | boolean | readonly unknown[] | { [key: string]: unknown }> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[name] = value;
    else if (typeof value === 'object') out[name] = value as { [key: string]: unknown };
  }
  return out;
}

const errorDataOffsets = z.object({ start_offset: offset, end_offset: offset });

/** The range Meta names in a 6001 / 1363037 answer (`error_data`, an object or JSON text). */
function wrongOffsetOf(err: unknown): { startOffset: number; endOffset: number } | undefined {
  // Whatever class the answer got (a transient flag would make it a MetaTransientError), the
  // code says Meta wants another range: re-sending the same chunk would only be refused again.
  if (!(err instanceof MetaError)) return undefined;
  const { code, subcode, errorData } = err.graph;
  if (code !== WRONG_OFFSET.code || subcode !== WRONG_OFFSET.subcode) return undefined;
  return offsetsIn(errorData);
}

/**
 * The range Meta still wants when it refuses a finish as incomplete: code 6001 with the offsets
 * in `error_data` (with or without the wrong-offset subcode 1363037).
 */
function incompleteUploadOf(err: unknown): { startOffset: number; endOffset: number } | undefined {
  if (!(err instanceof MetaRequestError) || err.graph.code !== WRONG_OFFSET.code) return undefined;
  return offsetsIn(err.graph.errorData);
}

/** `error_data`'s `start_offset` / `end_offset` (an object or JSON text). */
function offsetsIn(errorData: unknown): { startOffset: number; endOffset: number } | undefined {
  let data = errorData;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      return undefined;
    }
  }
  const parsed = errorDataOffsets.safeParse(data);
  return parsed.success
    ? { startOffset: parsed.data.start_offset, endOffset: parsed.data.end_offset }
    : undefined;
}

function unexpected(context: string, why: string): MetaRequestError {
  return new MetaRequestError(`${context}: Meta answered in an unexpected shape (${why})`, {
    httpStatus: 200,
    message: 'unexpected answer shape',
  });
}
