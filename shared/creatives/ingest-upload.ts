import { fileCheck, SNIFF_BYTES, sizeMismatch, sniffFile } from '../domain/file-signature';
import type { UploadRecord, VideoTransfer } from '../domain/upload';
import { type TokenCandidate, withTokenFailover } from '../meta/token-failover';
import { errorFields } from '../platform/error-fields';
import {
  MetaPermissionError,
  MetaRequestError,
  MetaTokenInvalidError,
  retryAfterOf,
} from '../platform/errors';
import { logger } from '../platform/observability';
import { DeferError } from '../platform/queue';
import { StaleUploadError, type UploadChange, type UploadStore } from '../store/upload-store';
import { ChunkReader } from './chunk-reader';
import { type IngestContinuation, type IngestMessage, stagedArrivals } from './ingest-messages';
import type { FinishAnswer, MediaCall, MetaMedia } from './meta-media';
import { StagedObjectChangedError, type StagedObjects } from './staged-objects';

/** What the ingest reads and writes; built once per container in ingest-root.ts. */
export interface IngestDeps {
  uploads: UploadStore;
  staged: StagedObjects;
  media: Pick<
    MetaMedia,
    'uploadImage' | 'startVideo' | 'transferVideoChunk' | 'finishVideo' | 'videoProcessing'
  >;
  /** The workspace's usable tokens, the login first (none when it is disconnected). */
  tokens: (workspaceId: string) => Promise<TokenCandidate[]>;
  now: () => number;
  /** Chunks read from S3 while one is sent to Meta. @default 2 */
  readAheadChunks?: number;
  /** Stop and continue in a fresh invocation when less than this is left (or 2 chunks' time). @default 15 000 */
  deadlineMarginMs?: number;
}

/** The invocation the ingest runs in. */
export interface IngestRun {
  /** Milliseconds until the invocation is cut off (the Lambda's remaining time). */
  remainingMs: () => number;
  /** How many times the queue handed this message out (1 on the first try). @default 1 */
  receiveCount?: number;
  /** The receive after which the queue sends the message to its DLQ. @default unbounded */
  maxReceiveCount?: number;
}

export const TOKEN_REFUSED_REASON = "Meta refused the connection's token; reconnect Meta and upload again.";
export const NOT_STAGED_REASON = 'The file is no longer in the staging area; upload it again.';
export const SEND_FAILED_REASON = 'We could not send the file to Meta; upload it again.';
export const FILE_CHANGED_REASON = 'The file changed while it was being sent; upload it again.';
export const PROCESSING_TIMED_OUT_REASON =
  'Meta did not finish processing the video within 6 hours; upload it again.';

const DEFAULT_DEADLINE_MARGIN_MS = 15_000;
/** First look at a processing video a few seconds after finish; later ones up to 30 s apart. */
const MIN_POLL_SECONDS = 3;
const MAX_POLL_SECONDS = 30;
const MAX_PROCESSING_MS = 6 * 3600 * 1000;
/** Finishes answered "incomplete" in one run before it gives up (Meta keeps losing bytes). */
const MAX_INCOMPLETE_FINISHES = 3;

/**
 * One message of the `uploadIngest` queue: S3's test event is acknowledged, each object of a
 * bucket event is ingested, a continuation resumes its upload. When several records of one
 * event must wait, they come back together as an event (an event for an upload past `pending`
 * resumes it, so that is a continuation too).
 */
export async function handleIngestMessage(
  deps: IngestDeps,
  message: IngestMessage,
  run: IngestRun,
): Promise<void> {
  if ('Event' in message) {
    logger.info('S3 test event acknowledged');
    return;
  }
  if ('workspaceId' in message) {
    await ingestUpload(deps, message, run);
    return;
  }
  const deferred: { record: (typeof message.Records)[number]; err: DeferError }[] = [];
  for (const arrival of stagedArrivals(message.Records)) {
    if (!arrival.upload) {
      logger.warn('staged object is not an upload of ours; ignored', { key: arrival.key });
      continue;
    }
    try {
      await ingestUpload(deps, arrival.upload, run);
    } catch (err: unknown) {
      if (!(err instanceof DeferError)) throw err;
      deferred.push({ record: arrival.record, err });
    }
  }
  const [only, ...more] = deferred;
  if (!only) return;
  if (more.length === 0) throw only.err;
  const delay = Math.max(...deferred.map((d) => d.err.delaySeconds));
  throw new DeferError(delay, { Records: deferred.map((d) => d.record) }, 'several uploads wait');
}

/**
 * Moves one staged upload on from wherever it stands: `pending` → `validating` (size, then
 * format: a refused file never reaches Meta) → an image to Meta → `ready`; a video → start,
 * transfer chunk by chunk (checkpointed after each acknowledged chunk) → finish → wait for
 * Meta's processing → `ready`. Re-running it (a redelivered or continued message, a crash)
 * resumes from the record. Waits are DeferErrors carrying the continuation.
 *
 * An upload whose link expired while its file was on the way is still taken: the file did
 * arrive (S3 accepted the signed POST before the policy expired), and a marketer who saw it
 * upload would not understand "expired". Reads show `expired` only while still `pending`.
 * @returns the record as this run left it; undefined when it is not ours (or another run owns it)
 */
export async function ingestUpload(
  deps: IngestDeps,
  target: IngestContinuation,
  run: IngestRun,
): Promise<UploadRecord | undefined> {
  const found = await deps.uploads.get(target.workspaceId, target.uploadId);
  if (!found) {
    logger.warn('no such upload; ignored', { workspaceId: target.workspaceId, uploadId: target.uploadId });
    return undefined;
  }
  const ingest = new Ingest(deps, found, run);
  try {
    try {
      return await ingest.advance();
    } catch (err: unknown) {
      if (err instanceof DeferError || err instanceof StaleUploadError || !isLastReceive(run)) throw err;
      // The queue would move the message to its DLQ and the upload would read `uploading`
      // forever: the marketer is told instead, and the message is acknowledged.
      logger.error('ingest failed on its last allowed receive; the upload is rejected', {
        uploadId: target.uploadId,
        receiveCount: run.receiveCount,
        error: errorFields(err),
      });
      return await ingest.reject(SEND_FAILED_REASON);
    }
  } catch (err: unknown) {
    if (err instanceof StaleUploadError) {
      logger.info('another ingest moved this upload on; this one stops', { uploadId: target.uploadId });
      return undefined;
    }
    throw err;
  }
}

function isLastReceive(run: IngestRun): boolean {
  return (
    run.receiveCount !== undefined &&
    run.maxReceiveCount !== undefined &&
    run.receiveCount >= run.maxReceiveCount
  );
}

/** One run over one upload: `record` is always the version last read or written. */
class Ingest {
  private tokens: TokenCandidate[] | undefined;
  private preferredTokenId: string | undefined;
  /**
   * Aborts every Meta call and staged read once the invocation is about to be cut off: the
   * deadline check between chunks cannot stop a chunk that hangs, this does.
   */
  private readonly deadline: AbortSignal;

  constructor(
    private readonly deps: IngestDeps,
    private record: UploadRecord,
    private readonly run: IngestRun,
  ) {
    const margin = deps.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS;
    this.deadline = AbortSignal.timeout(Math.max(1, run.remainingMs() - margin));
  }

  private get continuation(): IngestContinuation {
    return { workspaceId: this.record.workspaceId, uploadId: this.record.id };
  }

  async advance(): Promise<UploadRecord> {
    const { status } = this.record;
    if (status === 'ready' || status === 'rejected') return this.record;
    try {
      if (status === 'pending') await this.write({ status: 'validating' });
      if (this.record.status === 'validating') await this.validateAndSend();
      const video = this.record.video;
      if (this.record.status === 'uploading' && video) {
        if (!video.finished) await this.transfer(video);
        await this.awaitProcessing();
      }
      return this.record;
    } catch (err: unknown) {
      if (err instanceof StagedObjectChangedError) {
        logger.warn('the staged file was replaced after it was checked', { uploadId: this.record.id });
        return this.reject(FILE_CHANGED_REASON);
      }
      if (this.cutOffByDeadline(err)) {
        // Whatever was acknowledged is checkpointed (transfer awaits its checkpoint on the way out).
        throw new DeferError(
          1,
          this.continuation,
          'invocation deadline reached mid-call; continuing in a fresh one',
        );
      }
      const refusal = metaRefusal(err);
      if (refusal === undefined) throw this.deferral(err) ?? err;
      logger.warn('Meta refused the upload', { uploadId: this.record.id, reason: refusal });
      return this.reject(refusal);
    }
  }

  /** Whether `err` is the deadline signal stopping a call (its reason, or an SDK's AbortError). */
  private cutOffByDeadline(err: unknown): boolean {
    if (!this.deadline.aborted || err instanceof DeferError) return false;
    if (err === this.deadline.reason) return true;
    return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
  }

  /** A Meta wait (throttle, outage, open breaker) becomes a requeue of this upload. */
  private deferral(err: unknown): DeferError | undefined {
    const wait = retryAfterOf(err);
    if (wait === undefined) return undefined;
    return new DeferError(wait, this.continuation, `Meta asks to wait ${wait} s`);
  }

  private async validateAndSend(): Promise<void> {
    const { key, kind, bytes } = this.record;
    const head = await this.deps.staged.head(key);
    if (!head) {
      await this.reject(NOT_STAGED_REASON);
      return;
    }
    const wrongSize = sizeMismatch(bytes, head.size);
    if (wrongSize) {
      await this.reject(wrongSize);
      return;
    }
    // An image is read whole (the upload rules cap it at 8 MiB): Meta gets the bytes checked.
    // Read from the version just headed: the signed POST may have replaced it since.
    const read = await this.deps.staged.read(
      key,
      0,
      kind === 'image' ? bytes : Math.min(bytes, SNIFF_BYTES),
      {
        signal: this.deadline,
        ...(head.etag === undefined ? {} : { ifMatch: head.etag }),
      },
    );
    const check = fileCheck(this.record, head.size, sniffFile(read));
    if (!check.ok) {
      await this.reject(check.reason);
      return;
    }
    if (kind === 'image') {
      const { hash } = await this.meta((call) =>
        this.deps.media.uploadImage(call, {
          fileName: this.record.fileName,
          contentType: this.record.contentType,
          bytes: read,
        }),
      );
      await this.write({
        status: 'ready',
        imageHash: hash,
        ...(check.width !== undefined ? { width: check.width } : {}),
        ...(check.height !== undefined ? { height: check.height } : {}),
      });
      logger.info('image ready', { uploadId: this.record.id, bytes });
      return;
    }
    const session = await this.meta((call) => this.deps.media.startVideo(call, bytes));
    // The session is stored before any chunk is sent, so a crash resumes it, not a new one.
    const video: VideoTransfer = { ...session, ...(head.etag === undefined ? {} : { etag: head.etag }) };
    await this.write({ status: 'uploading', sentBytes: session.startOffset, video });
    logger.info('video session started', { uploadId: this.record.id, videoId: session.videoId, bytes });
  }

  /**
   * Sends what Meta still wants, then finishes. A finish Meta answers "incomplete" (it holds
   * fewer bytes than our checkpoint says) goes back to sending from Meta's offset.
   */
  private async transfer(from: VideoTransfer): Promise<void> {
    const size = this.record.bytes;
    let video = await this.sendChunks(from);
    for (let incomplete = 0; ; incomplete += 1) {
      const answer = await this.finish(video);
      if (answer.kind === 'finished') break;
      if (answer.startOffset >= size || incomplete + 1 >= MAX_INCOMPLETE_FINISHES) {
        throw new Error(
          `Meta keeps refusing to finish upload ${this.record.id} as incomplete (wants ${answer.startOffset} of ${size})`,
        );
      }
      logger.warn('Meta holds fewer bytes than the checkpoint; sending from its offset', {
        uploadId: this.record.id,
        checkpoint: video.startOffset,
        metaStart: answer.startOffset,
      });
      video = { ...video, startOffset: answer.startOffset, endOffset: answer.endOffset };
      await this.write({ video, sentBytes: answer.startOffset });
      video = await this.sendChunks(video);
    }
    await this.write({ video: { ...video, finished: true }, sentBytes: size });
    logger.info('video sent; Meta processes it', { uploadId: this.record.id, videoId: video.videoId });
  }

  /**
   * `upload_phase=finish`. A refusal may be Meta refusing a second finish: a run that died after
   * Meta took the first but before our `finished` checkpoint. A video Meta processes (or has
   * ready) is finished, whatever the refusal said; otherwise the refusal stands.
   */
  private async finish(video: VideoTransfer): Promise<FinishAnswer> {
    try {
      return await this.meta((call) =>
        this.deps.media.finishVideo(call, {
          uploadSessionId: video.uploadSessionId,
          title: this.record.fileName,
        }),
      );
    } catch (err: unknown) {
      if (!(err instanceof MetaRequestError)) throw err;
      const processing = await this.meta((call) =>
        this.deps.media.videoProcessing(call, video.videoId),
      ).catch((lookup: unknown) => {
        // A wait or an abort of the look-up is that; any other failure leaves the refusal.
        throw lookup instanceof MetaRequestError ? err : lookup;
      });
      // Still assembling the chunks (or failed): Meta did not take a finish, so the refusal stands.
      if (processing.status === 'failed' || (processing.status === 'processing' && processing.uploading))
        throw err;
      logger.info('finish refused, but Meta has the video; taken as finished', {
        uploadId: this.record.id,
        videoId: video.videoId,
        processing: processing.status,
      });
      return { kind: 'finished' };
    }
  }

  /**
   * Sends the chunks Meta asks for, each checkpointed once acknowledged. A checkpoint is
   * written while the next chunk goes out (the one before it has landed first): a crash then
   * finds the last or the one-before-last offset stored, and either way the first resend is
   * answered with Meta's offset, so at most one chunk is sent twice.
   * @returns the transfer as Meta acknowledged it last (start = size: all sent)
   */
  private async sendChunks(from: VideoTransfer): Promise<VideoTransfer> {
    const size = this.record.bytes;
    const reader = new ChunkReader(this.deps.staged, this.record.key, size, this.deps.readAheadChunks ?? 2, {
      signal: this.deadline,
      ...(from.etag === undefined ? {} : { ifMatch: from.etag }),
    });
    const margin = this.deps.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS;
    let video = from;
    let slowestChunkMs = 0;
    let checkpoint: Promise<unknown> = Promise.resolve();
    /** The in-flight checkpoint's failure once it settles (another run took the upload, say). */
    const checkpointFailure: { failed: boolean; err?: unknown } = { failed: false };
    try {
      while (video.startOffset < size) {
        if (this.run.remainingMs() < Math.max(margin, 2 * slowestChunkMs)) {
          await checkpoint;
          // Every acknowledged chunk is checkpointed: a fresh invocation goes on from here.
          throw new DeferError(1, this.continuation, 'invocation deadline near; continuing in a fresh one');
        }
        if (video.endOffset <= video.startOffset) {
          throw new Error(
            `Meta asked for an empty range at ${video.startOffset} of upload ${this.record.id}`,
          );
        }
        const began = this.deps.now();
        const chunk = await reader.take(video.startOffset, video.endOffset);
        // A checkpoint that already failed stops the run before it sends a chunk it cannot record;
        // one still in flight goes on overlapping the send.
        if (checkpointFailure.failed) throw checkpointFailure.err;
        const session = { uploadSessionId: video.uploadSessionId, startOffset: video.startOffset };
        const answer = await this.meta((call) => this.deps.media.transferVideoChunk(call, session, chunk));
        if (answer.kind === 'wrong_offset') {
          logger.warn('Meta expected another offset; resuming from it', {
            uploadId: this.record.id,
            sentFrom: video.startOffset,
            metaStart: answer.startOffset,
          });
        }
        video = { ...video, startOffset: answer.startOffset, endOffset: answer.endOffset };
        await checkpoint; // versions chain: one checkpoint in flight at a time
        checkpoint = this.write({ video, sentBytes: Math.min(answer.startOffset, size) });
        checkpoint.catch((err: unknown) => {
          // Awaited after the next send, or below; seen before it when it failed by then.
          checkpointFailure.failed = true;
          checkpointFailure.err = err;
        });
        slowestChunkMs = Math.max(slowestChunkMs, this.deps.now() - began);
      }
      await checkpoint;
    } catch (err: unknown) {
      // Whatever went wrong, the record must be the one stored before anyone writes again.
      await checkpoint.catch(() => undefined);
      throw err;
    }
    return video;
  }

  /** Meta's processing: ready → `ready`; failed → `rejected`; still going → look again later. */
  private async awaitProcessing(): Promise<void> {
    const video = this.record.video;
    if (!video) return;
    const processing = await this.meta((call) => this.deps.media.videoProcessing(call, video.videoId));
    if (processing.status === 'ready') {
      await this.write({ status: 'ready', videoId: video.videoId, sentBytes: this.record.bytes });
      logger.info('video ready', { uploadId: this.record.id, videoId: video.videoId });
      return;
    }
    if (processing.status === 'failed') {
      await this.reject(processing.reason);
      return;
    }
    // Since the finish checkpoint nothing was written: updatedAt is when Meta took the video.
    const waitedMs = this.deps.now() - Date.parse(this.record.updatedAt);
    if (waitedMs > MAX_PROCESSING_MS) {
      await this.reject(PROCESSING_TIMED_OUT_REASON);
      return;
    }
    const delay = Math.min(MAX_POLL_SECONDS, Math.max(MIN_POLL_SECONDS, Math.round(waitedMs / 10_000)));
    throw new DeferError(delay, this.continuation, 'Meta is processing the video');
  }

  /**
   * A Meta call with the workspace's tokens, the one that worked last first; a token that
   * is dead or lacks access is skipped (withTokenFailover), so only when all fail it is refused.
   */
  private async meta<T>(fn: (call: MediaCall) => Promise<T>): Promise<T> {
    this.tokens ??= await this.deps.tokens(this.record.workspaceId);
    const preferred = this.preferredTokenId;
    const ordered = preferred
      ? [...this.tokens.filter((t) => t.id === preferred), ...this.tokens.filter((t) => t.id !== preferred)]
      : this.tokens;
    const adAccountId = this.record.adAccountId;
    const { value, tokenId } = await withTokenFailover(ordered, (token) =>
      fn({ accessToken: token.accessToken, tokenId: token.id, adAccountId, signal: this.deadline }),
    );
    this.preferredTokenId = tokenId;
    return value;
  }

  async reject(reason: string): Promise<UploadRecord> {
    logger.info('upload rejected', { uploadId: this.record.id, reason });
    return this.write({ status: 'rejected', reason });
  }

  private async write(change: UploadChange): Promise<UploadRecord> {
    const { workspaceId, id, version } = this.record;
    this.record = await this.deps.uploads.update(
      workspaceId,
      id,
      version,
      change,
      new Date(this.deps.now()).toISOString(),
    );
    return this.record;
  }
}

/** Why Meta refused the upload, for the marketer; undefined when the error is not a refusal. */
function metaRefusal(err: unknown): string | undefined {
  if (err instanceof MetaTokenInvalidError) return TOKEN_REFUSED_REASON;
  if (err instanceof MetaPermissionError) {
    return 'The connected Meta account may not upload media to this ad account; check its role there and upload again.';
  }
  if (err instanceof MetaRequestError) {
    return err.graph.userMessage ?? `Meta refused the file: ${err.graph.message}`;
  }
  return undefined;
}
