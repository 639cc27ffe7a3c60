import type {
  ChunkAnswer,
  FinishAnswer,
  MediaCall,
  MetaMedia,
  VideoProcessing,
  VideoSession,
} from '../../../shared/creatives/meta-media';
import { MetaRequestError } from '../../../shared/platform/errors';

type IngestMedia = Pick<
  MetaMedia,
  'uploadImage' | 'startVideo' | 'transferVideoChunk' | 'finishVideo' | 'videoProcessing'
>;

interface FakeSession {
  videoId: string;
  size: number;
  /** The next byte this "Meta" expects. */
  received: number;
  bytes: Uint8Array;
  finished: boolean;
}

/**
 * Meta's media side as the ingest sees it: images hashed, videos taken in `chunkBytes` ranges
 * with Meta's wrong-offset answer, processing answered from a script. Records every call and
 * every byte sent, so a test sees what reached "Meta" and what was sent twice.
 */
export class FakeMetaMedia implements IngestMedia {
  readonly calls: { method: string; tokenId: string; adAccountId: string }[] = [];
  readonly images: { fileName: string; contentType: string; bytes: Uint8Array }[] = [];
  readonly sessions = new Map<string, FakeSession>();
  /** Bytes of every transfer, accepted or not (what crossed the wire). */
  transferredBytes = 0;
  /** What videoProcessing answers, one per call; the last repeats. */
  processing: VideoProcessing[] = [{ status: 'ready' }];
  /** Thrown by the next call of that method (then cleared). */
  readonly failNext = new Map<keyof IngestMedia, Error>();
  /** Runs after a chunk was taken, before the answer returns (a crash of the caller). */
  afterChunkAccepted: ((startOffset: number) => void) | undefined;
  private nextId = 1;

  constructor(readonly chunkBytes: number) {}

  async uploadImage(
    call: MediaCall,
    image: { fileName: string; contentType: string; bytes: Uint8Array },
  ): Promise<{ hash: string }> {
    this.record('uploadImage', call);
    this.images.push({ ...image, bytes: image.bytes.slice() });
    return { hash: `hash-${image.bytes.length}-${this.images.length}` };
  }

  async startVideo(call: MediaCall, fileSize: number): Promise<VideoSession> {
    this.record('startVideo', call);
    const id = this.nextId++;
    const session: FakeSession = {
      videoId: `90${id}`,
      size: fileSize,
      received: 0,
      bytes: new Uint8Array(fileSize),
      finished: false,
    };
    this.sessions.set(`session-${id}`, session);
    return { videoId: session.videoId, uploadSessionId: `session-${id}`, ...this.range(session) };
  }

  async transferVideoChunk(
    call: MediaCall,
    session: { uploadSessionId: string; startOffset: number },
    chunk: Uint8Array,
  ): Promise<ChunkAnswer> {
    this.record('transferVideoChunk', call);
    const held = this.session(session.uploadSessionId);
    this.transferredBytes += chunk.length;
    if (session.startOffset !== held.received) return { kind: 'wrong_offset', ...this.range(held) };
    held.bytes.set(chunk.subarray(0, held.size - held.received), held.received);
    held.received = Math.min(held.size, held.received + chunk.length);
    this.afterChunkAccepted?.(session.startOffset);
    return { kind: 'accepted', ...this.range(held) };
  }

  /** Meta's finish: the range still missing, or a refusal of a session already finished. */
  async finishVideo(call: MediaCall, session: { uploadSessionId: string }): Promise<FinishAnswer> {
    this.record('finishVideo', call);
    const held = this.session(session.uploadSessionId);
    if (held.finished) {
      throw new MetaRequestError('finished twice', {
        httpStatus: 400,
        code: 100,
        message: 'The upload session is already finished',
      });
    }
    if (held.received !== held.size) return { kind: 'incomplete', ...this.range(held) };
    held.finished = true;
    return { kind: 'finished' };
  }

  async videoProcessing(call: MediaCall, _videoId: string): Promise<VideoProcessing> {
    this.record('videoProcessing', call);
    const [next, ...rest] = this.processing;
    if (rest.length > 0) this.processing = rest;
    return next ?? { status: 'ready' };
  }

  /** The one video session's bytes as "Meta" holds them. */
  onlySession(): FakeSession {
    const [only, ...more] = [...this.sessions.values()];
    if (!only || more.length > 0) throw new Error(`expected one video session, got ${this.sessions.size}`);
    return only;
  }

  private range(session: FakeSession): { startOffset: number; endOffset: number } {
    return {
      startOffset: session.received,
      endOffset: Math.min(session.size, session.received + this.chunkBytes),
    };
  }

  private session(id: string): FakeSession {
    const held = this.sessions.get(id);
    if (!held) throw new Error(`no session ${id}`);
    return held;
  }

  private record(method: keyof IngestMedia, call: MediaCall): void {
    this.calls.push({ method, tokenId: call.tokenId, adAccountId: call.adAccountId });
    const failure = this.failNext.get(method);
    if (failure) {
      this.failNext.delete(method);
      throw failure;
    }
  }
}
