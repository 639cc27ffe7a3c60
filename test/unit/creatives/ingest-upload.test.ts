import type { IngestMessage } from '../../../shared/creatives/ingest-messages';
import {
  FILE_CHANGED_REASON,
  handleIngestMessage,
  type IngestDeps,
  ingestUpload,
  NOT_STAGED_REASON,
  SEND_FAILED_REASON,
  TOKEN_REFUSED_REASON,
} from '../../../shared/creatives/ingest-upload';
import type { MediaCall } from '../../../shared/creatives/meta-media';
import type { UploadRecord } from '../../../shared/domain/upload';
import {
  MetaPermissionError,
  MetaRequestError,
  MetaThrottledError,
  MetaTokenInvalidError,
} from '../../../shared/platform/errors';
import { DeferError } from '../../../shared/platform/queue';
import { InMemoryStagedObjects } from '../../../shared/store/memory/staged-objects';
import { InMemoryUploadStore } from '../../../shared/store/memory/upload-store';
import { concat, filler, jpegBytes, pngBytes, videoBytes } from '../../support/media-fixtures';
import { uploadRecord } from '../../support/upload-records';
import { FakeMetaMedia } from './fake-meta-media';

const CHUNK = 4096;
const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const target = { workspaceId: 'ws-1', uploadId: 'upl_000000000000000000000001' };
const farDeadline = { remainingMs: () => 600_000 };

interface Setup {
  deps: IngestDeps;
  uploads: InMemoryUploadStore;
  staged: InMemoryStagedObjects;
  media: FakeMetaMedia;
  tokenReads: () => number;
  clock: { ms: number };
}

function setup(record: Partial<UploadRecord>, file: Uint8Array | undefined): Setup {
  const uploads = new InMemoryUploadStore();
  const staged = new InMemoryStagedObjects();
  const media = new FakeMetaMedia(CHUNK);
  const upload = uploadRecord({ bytes: file?.length ?? 1000, ...record });
  void uploads.create(upload);
  if (file) staged.put(upload.key, file);
  const clock = { ms: T0 + 60_000 };
  let tokenReads = 0;
  const deps: IngestDeps = {
    uploads,
    staged,
    media,
    tokens: async () => {
      tokenReads += 1;
      return [{ id: 'tok-1', accessToken: 'EAA-secret' }];
    },
    now: () => clock.ms,
  };
  return { deps, uploads, staged, media, tokenReads: () => tokenReads, clock };
}

const stored = (s: Setup) => s.uploads.get(target.workspaceId, target.uploadId);

function videoSetup(size: number, record: Partial<UploadRecord> = {}): Setup & { file: Uint8Array } {
  const file = videoBytes(size);
  return {
    ...setup({ kind: 'video', contentType: 'video/mp4', fileName: 'spring.mp4', ...record }, file),
    file,
  };
}

async function deferralOf(run: Promise<unknown>): Promise<DeferError> {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof DeferError)) throw new Error(`expected a DeferError, got ${String(err)}`);
  return err;
}

describe('ingestUpload: images', () => {
  it('sends a checked PNG to Meta and marks the upload ready with its hash and size', async () => {
    const png = pngBytes({ width: 1200, height: 628, size: 20_000 });
    const s = setup({}, png);

    const done = await ingestUpload(s.deps, target, farDeadline);

    expect(done).toMatchObject({ status: 'ready', imageHash: 'hash-20000-1', width: 1200, height: 628 });
    expect(await stored(s)).toEqual(done);
    expect(s.uploads.writes.map((w) => w.status)).toEqual(['validating', 'ready']);
    expect(s.media.images).toEqual([{ fileName: 'spring.png', contentType: 'image/png', bytes: png }]);
    expect(s.media.calls).toEqual([{ method: 'uploadImage', tokenId: 'tok-1', adAccountId: 'act_1' }]);
  });

  it.each<[string, Partial<UploadRecord>, Uint8Array, string]>([
    [
      'a file of another size than declared',
      { bytes: 30_000 },
      pngBytes({ width: 10, height: 10, size: 20_000 }),
      'The file is 20,000 bytes, but 30,000 were declared; upload it again.',
    ],
    [
      'a file that is no PNG or JPEG',
      {},
      concat([Uint8Array.from('GIF89a', (c) => c.charCodeAt(0)), filler(6, 494)]),
      'This file is not a PNG or JPEG image (it starts like a GIF image).',
    ],
    [
      'a JPEG declared as PNG',
      {},
      jpegBytes({ width: 800, height: 600, size: 3000 }),
      'The file is a JPEG but was declared image/png; upload it again as JPEG.',
    ],
  ])('rejects %s without reaching Meta or reading a token', async (_name, record, file, reason) => {
    const s = setup({ bytes: file.length, ...record }, file);

    const done = await ingestUpload(s.deps, target, farDeadline);

    expect(done).toMatchObject({ status: 'rejected', reason });
    expect(s.media.calls).toEqual([]);
    expect(s.tokenReads()).toBe(0);
  });

  it('reads no byte of a file larger than declared', async () => {
    const s = setup({ bytes: 1000 }, pngBytes({ width: 10, height: 10, size: 50_000 }));
    await ingestUpload(s.deps, target, farDeadline);
    expect(s.staged.reads).toEqual([]);
  });

  it('rejects an upload whose file is gone from staging', async () => {
    const s = setup({}, undefined);
    expect(await ingestUpload(s.deps, target, farDeadline)).toMatchObject({
      status: 'rejected',
      reason: NOT_STAGED_REASON,
    });
  });

  it("rejects with Meta's own words when Meta refuses the file", async () => {
    const s = setup({}, pngBytes({ width: 10, height: 10 }));
    s.media.failNext.set(
      'uploadImage',
      new MetaRequestError('Invalid image', {
        httpStatus: 400,
        code: 100,
        message: 'Invalid parameter',
        userMessage: 'The image is too small: it must be at least 600 pixels wide.',
      }),
    );
    expect(await ingestUpload(s.deps, target, farDeadline)).toMatchObject({
      status: 'rejected',
      reason: 'The image is too small: it must be at least 600 pixels wide.',
    });
  });

  it('rejects with a reconnect hint when Meta refuses the token', async () => {
    const s = setup({}, pngBytes({ width: 10, height: 10 }));
    s.media.failNext.set(
      'uploadImage',
      new MetaTokenInvalidError('expired', { httpStatus: 400, code: 190, message: 'x' }),
    );
    expect(await ingestUpload(s.deps, target, farDeadline)).toMatchObject({
      status: 'rejected',
      reason: TOKEN_REFUSED_REASON,
    });
  });

  it('rejects when the workspace has no usable token (disconnected)', async () => {
    const s = setup({}, pngBytes({ width: 10, height: 10 }));
    s.deps.tokens = async () => [];
    expect(await ingestUpload(s.deps, target, farDeadline)).toMatchObject({ reason: TOKEN_REFUSED_REASON });
  });

  it('rejects with a role hint when the token may not use the ad account', async () => {
    const s = setup({}, pngBytes({ width: 10, height: 10 }));
    s.media.failNext.set(
      'uploadImage',
      new MetaPermissionError('no', { httpStatus: 403, code: 200, message: 'x' }),
    );
    expect((await ingestUpload(s.deps, target, farDeadline))?.reason).toMatch(/may not upload media/);
  });

  it('defers for as long as Meta asks when it throttles, and goes on after', async () => {
    const s = setup({}, pngBytes({ width: 10, height: 10 }));
    s.media.failNext.set(
      'uploadImage',
      new MetaThrottledError('slow down', { httpStatus: 400, code: 17, message: 'x' }, 42),
    );

    const deferral = await deferralOf(ingestUpload(s.deps, target, farDeadline));

    expect(deferral.delaySeconds).toBe(42);
    expect(deferral.resume).toEqual(target);
    expect((await stored(s))?.status).toBe('validating');
    expect(await ingestUpload(s.deps, target, farDeadline)).toMatchObject({ status: 'ready' });
  });

  it('takes a file that arrived after its link expired (it did arrive)', async () => {
    const s = setup({ expiresAt: '2026-12-01T10:00:30.000Z' }, pngBytes({ width: 10, height: 10 }));
    expect((await ingestUpload(s.deps, target, farDeadline))?.status).toBe('ready');
  });
});

describe('ingestUpload: videos', () => {
  it('sends a 3-chunk video, checkpointing after each chunk, and marks it ready', async () => {
    const s = videoSetup(3 * CHUNK - 100);

    const done = await ingestUpload(s.deps, target, farDeadline);

    expect(done).toMatchObject({ status: 'ready', videoId: '901', sentBytes: 3 * CHUNK - 100 });
    expect(s.media.onlySession().bytes).toEqual(s.file);
    expect(s.media.transferredBytes).toBe(s.file.length);
    expect(
      s.uploads.writes.map((w) => [w.status, w.sentBytes, w.video?.startOffset, w.video?.finished]),
    ).toEqual([
      ['validating', undefined, undefined, undefined],
      ['uploading', 0, 0, undefined],
      ['uploading', CHUNK, CHUNK, undefined],
      ['uploading', 2 * CHUNK, 2 * CHUNK, undefined],
      ['uploading', 3 * CHUNK - 100, 3 * CHUNK - 100, undefined],
      ['uploading', 3 * CHUNK - 100, 3 * CHUNK - 100, true],
      ['ready', 3 * CHUNK - 100, 3 * CHUNK - 100, true],
    ]);
  });

  it('holds at most the chunk in flight and the two read ahead', async () => {
    const s = videoSetup(8 * CHUNK);
    let maxAhead = 0;
    const send = s.media.transferVideoChunk.bind(s.media);
    s.media.transferVideoChunk = async (call, session, chunk) => {
      const readEnd = Math.max(...s.staged.reads.map((r) => r.end));
      maxAhead = Math.max(maxAhead, readEnd - session.startOffset);
      return send(call, session, chunk);
    };
    await ingestUpload(s.deps, target, farDeadline);
    expect(maxAhead).toBeLessThanOrEqual(3 * CHUNK);
    expect(maxAhead).toBeGreaterThan(CHUNK); // the next chunk is being read while one is sent
  });

  it('resends at most one chunk after a crash between Meta acknowledging a chunk and the checkpoint', async () => {
    const s = videoSetup(5 * CHUNK);
    s.media.afterChunkAccepted = (start) => {
      if (start === 2 * CHUNK) throw new Error('process died');
    };
    await expect(ingestUpload(s.deps, target, farDeadline)).rejects.toThrow('process died');
    expect((await stored(s))?.video?.startOffset).toBe(2 * CHUNK); // Meta has 3 chunks, we recorded 2
    s.media.afterChunkAccepted = undefined;

    // The queue redelivers the message: a fresh run from the stored record.
    const done = await ingestUpload(s.deps, target, farDeadline);

    expect(done?.status).toBe('ready');
    expect(s.media.onlySession().bytes).toEqual(s.file);
    expect(s.media.transferredBytes - s.file.length).toBeLessThanOrEqual(CHUNK);
    expect(s.media.calls.filter((c) => c.method === 'startVideo')).toHaveLength(1);
  });

  it("adopts Meta's offsets when Meta expects another one", async () => {
    const s = videoSetup(4 * CHUNK);
    await deferralOf(ingestUpload(s.deps, target, { remainingMs: deadlineAfterChunks(s, 2) }));
    // Our checkpoint claims more than Meta holds (say, a restored backup): Meta corrects it.
    const record = await stored(s);
    if (!record?.video) throw new Error('no session');
    await s.uploads.update(
      'ws-1',
      record.id,
      record.version,
      { video: { ...record.video, startOffset: 3 * CHUNK, endOffset: 4 * CHUNK }, sentBytes: 3 * CHUNK },
      '2026-12-01T10:02:00.000Z',
    );

    const done = await ingestUpload(s.deps, target, farDeadline);

    expect(done?.status).toBe('ready');
    expect(s.media.onlySession().bytes).toEqual(s.file);
    const adopted = s.uploads.writes.find((w) => w.sentBytes === 2 * CHUNK && w.version > record.version + 1);
    expect(adopted).toBeDefined();
  });

  it('defers while Meta processes the video, then marks it ready', async () => {
    const s = videoSetup(2 * CHUNK);
    s.media.processing = [{ status: 'processing', progressPct: 40 }, { status: 'ready' }];

    const deferral = await deferralOf(ingestUpload(s.deps, target, farDeadline));

    expect(deferral.resume).toEqual(target);
    expect(deferral.delaySeconds).toBeGreaterThanOrEqual(3);
    expect(deferral.delaySeconds).toBeLessThanOrEqual(30);
    expect(await stored(s)).toMatchObject({ status: 'uploading', video: { finished: true } });

    s.clock.ms += 5000;
    expect(await ingestUpload(s.deps, target, farDeadline)).toMatchObject({
      status: 'ready',
      videoId: '901',
    });
    expect(s.media.calls.filter((c) => c.method === 'finishVideo')).toHaveLength(1);
  });

  it("rejects with Meta's reason when it cannot process the video", async () => {
    const s = videoSetup(CHUNK);
    s.media.processing = [{ status: 'failed', reason: 'The video could not be processed: no video stream.' }];
    expect(await ingestUpload(s.deps, target, farDeadline)).toMatchObject({
      status: 'rejected',
      reason: 'The video could not be processed: no video stream.',
    });
  });

  it('stops before the invocation deadline with a continuation, and a fresh run goes on', async () => {
    const s = videoSetup(6 * CHUNK);

    const deferral = await deferralOf(
      ingestUpload(s.deps, target, { remainingMs: deadlineAfterChunks(s, 2) }),
    );

    expect(deferral.delaySeconds).toBe(1);
    expect(deferral.resume).toEqual(target);
    expect(await stored(s)).toMatchObject({ status: 'uploading', sentBytes: 2 * CHUNK });
    expect(await ingestUpload(s.deps, target, farDeadline)).toMatchObject({ status: 'ready' });
    expect(s.media.transferredBytes).toBe(s.file.length);
  });

  it('defers on a throttle in the middle of a transfer and resumes from the checkpoint', async () => {
    const s = videoSetup(3 * CHUNK);
    let sends = 0;
    const send = s.media.transferVideoChunk.bind(s.media);
    s.media.transferVideoChunk = async (call, session, chunk) => {
      sends += 1;
      if (sends === 2)
        throw new MetaThrottledError('busy', { httpStatus: 400, code: 80004, message: 'x' }, 60);
      return send(call, session, chunk);
    };
    expect((await deferralOf(ingestUpload(s.deps, target, farDeadline))).delaySeconds).toBe(60);
    expect((await stored(s))?.sentBytes).toBe(CHUNK);
    expect(await ingestUpload(s.deps, target, farDeadline)).toMatchObject({ status: 'ready' });
    expect(s.media.onlySession().bytes).toEqual(s.file);
  });

  it('stops quietly when another ingest moved the upload on', async () => {
    const s = videoSetup(3 * CHUNK);
    const get = s.uploads.get.bind(s.uploads);
    let raced = false;
    s.uploads.get = async (ws, id) => {
      const record = await get(ws, id);
      if (record && !raced) {
        raced = true; // another run claims it between our read and our first write
        await s.uploads.update(ws, id, record.version, { status: 'validating' }, '2026-12-01T10:01:00.000Z');
      }
      return record;
    };
    expect(await ingestUpload(s.deps, target, farDeadline)).toBeUndefined();
    expect(s.media.calls).toEqual([]);
  });

  it('leaves a finished upload alone', async () => {
    const s = setup({ status: 'ready', imageHash: 'abc' }, pngBytes({ width: 10, height: 10 }));
    expect(await ingestUpload(s.deps, target, farDeadline)).toMatchObject({
      status: 'ready',
      imageHash: 'abc',
    });
    expect(s.uploads.writes).toEqual([]);
  });
});

describe('handleIngestMessage', () => {
  const event = (key: string, eventName = 'ObjectCreated:Post'): IngestMessage => ({
    Records: [{ eventName, s3: { bucket: { name: 'staging' }, object: { key, size: 10 } } }],
  });

  it('acknowledges S3 test events', async () => {
    const s = setup({}, pngBytes({ width: 10, height: 10 }));
    await handleIngestMessage(s.deps, { Event: 's3:TestEvent' }, farDeadline);
    expect(s.uploads.writes).toEqual([]);
  });

  it('ingests the upload an object-created event names (URL-encoded key)', async () => {
    const s = setup({}, pngBytes({ width: 10, height: 10 }));
    await handleIngestMessage(s.deps, event('uploads/ws%2D1/upl_000000000000000000000001'), farDeadline);
    expect((await stored(s))?.status).toBe('ready');
  });

  it('ignores keys that are not uploads, uploads it does not know, and other events', async () => {
    const s = setup({}, pngBytes({ width: 10, height: 10 }));
    await handleIngestMessage(s.deps, event('exports/report.csv'), farDeadline);
    await handleIngestMessage(s.deps, event('uploads/ws-1/upl_0000000000000000000000ff'), farDeadline);
    await handleIngestMessage(
      s.deps,
      event('uploads/ws-1/upl_000000000000000000000001', 'ObjectRemoved:Delete'),
      farDeadline,
    );
    expect(s.uploads.writes).toEqual([]);
  });

  it('resumes on a continuation', async () => {
    const s = videoSetup(2 * CHUNK);
    s.media.processing = [{ status: 'processing' }, { status: 'ready' }];
    await deferralOf(
      handleIngestMessage(s.deps, event('uploads/ws-1/upl_000000000000000000000001'), farDeadline),
    );
    await handleIngestMessage(s.deps, target, farDeadline);
    expect((await stored(s))?.status).toBe('ready');
  });

  it('a redelivered event for an upload past pending resumes it', async () => {
    const s = videoSetup(4 * CHUNK);
    await deferralOf(ingestUpload(s.deps, target, { remainingMs: deadlineAfterChunks(s, 1) }));
    await handleIngestMessage(s.deps, event('uploads/ws-1/upl_000000000000000000000001'), farDeadline);
    expect((await stored(s))?.status).toBe('ready');
    expect(s.media.transferredBytes).toBe(s.file.length);
  });
});

/** A deadline that comes near once `chunks` chunks are checkpointed. */
function deadlineAfterChunks(s: Setup, chunks: number): () => number {
  return () =>
    s.uploads.writes.filter((w) => w.video && !w.video.finished).length > chunks ? 1000 : 600_000;
}

describe('ingestUpload: the last allowed receive', () => {
  const lastTry = { remainingMs: () => 600_000, receiveCount: 8, maxReceiveCount: 8 };

  it('rejects the upload instead of leaving it uploading when the run fails', async () => {
    const s = videoSetup(3 * CHUNK);
    s.media.failNext.set('transferVideoChunk', new Error('socket hang up'));

    const done = await ingestUpload(s.deps, target, lastTry);

    expect(done).toMatchObject({ status: 'rejected', reason: SEND_FAILED_REASON });
    expect(await stored(s)).toMatchObject({ status: 'rejected', reason: SEND_FAILED_REASON });
  });

  it('acknowledges the message: handleIngestMessage returns normally', async () => {
    const s = setup({}, pngBytes({ width: 10, height: 10 }));
    s.media.failNext.set('uploadImage', new Error('socket hang up'));
    await expect(handleIngestMessage(s.deps, target, lastTry)).resolves.toBeUndefined();
    expect((await stored(s))?.status).toBe('rejected');
  });

  it('lets an earlier receive fail, so the queue retries it', async () => {
    const s = setup({}, pngBytes({ width: 10, height: 10 }));
    s.media.failNext.set('uploadImage', new Error('socket hang up'));
    await expect(ingestUpload(s.deps, target, { ...lastTry, receiveCount: 7 })).rejects.toThrow(
      'socket hang up',
    );
    expect((await stored(s))?.status).toBe('validating');
  });

  it('still defers a wait on the last receive (a requeue is a fresh message)', async () => {
    const s = setup({}, pngBytes({ width: 10, height: 10 }));
    s.media.failNext.set(
      'uploadImage',
      new MetaThrottledError('slow down', { httpStatus: 400, code: 17, message: 'x' }, 42),
    );
    expect((await deferralOf(ingestUpload(s.deps, target, lastTry))).delaySeconds).toBe(42);
    expect((await stored(s))?.status).toBe('validating');
  });
});

describe('ingestUpload: a call that outlives the invocation', () => {
  /** 50 ms before the signal fires: past the between-chunks check, inside the hanging call. */
  const nearDeadline = { remainingMs: () => 1050 };

  /** A Meta call that never answers until its signal aborts (a stalled chunk upload). */
  function hangUntilAborted(call: MediaCall): Promise<never> {
    return new Promise((_resolve, reject) => {
      const { signal } = call;
      if (!signal) throw new Error('the call carries no signal');
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }

  it('aborts a hanging chunk at the deadline and continues from the last checkpoint', async () => {
    const s = videoSetup(3 * CHUNK);
    s.deps.deadlineMarginMs = 1000;
    let sends = 0;
    const send = s.media.transferVideoChunk.bind(s.media);
    s.media.transferVideoChunk = async (call, session, chunk) => {
      sends += 1;
      return sends === 2 ? hangUntilAborted(call) : send(call, session, chunk);
    };

    const deferral = await deferralOf(ingestUpload(s.deps, target, nearDeadline));

    expect(deferral.delaySeconds).toBe(1);
    expect(deferral.resume).toEqual(target);
    expect(await stored(s)).toMatchObject({ status: 'uploading', sentBytes: CHUNK });
    expect(await ingestUpload(s.deps, target, farDeadline)).toMatchObject({ status: 'ready' });
    expect(s.media.onlySession().bytes).toEqual(s.file);
  });

  it('aborts a hanging image upload and leaves the upload to the continuation', async () => {
    const s = setup({}, pngBytes({ width: 10, height: 10 }));
    s.deps.deadlineMarginMs = 1000;
    s.media.uploadImage = (call) => hangUntilAborted(call);

    expect((await deferralOf(ingestUpload(s.deps, target, nearDeadline))).delaySeconds).toBe(1);
    expect((await stored(s))?.status).toBe('validating');
  });

  it('passes the same deadline signal to staged reads', async () => {
    const s = videoSetup(2 * CHUNK);
    const signals = new Set<AbortSignal | undefined>();
    const read = s.staged.read.bind(s.staged);
    s.staged.read = (key, start, end, options) => {
      signals.add(options?.signal);
      return read(key, start, end, options);
    };
    const transfer = s.media.transferVideoChunk.bind(s.media);
    s.media.transferVideoChunk = (call, session, chunk) => {
      signals.add(call.signal);
      return transfer(call, session, chunk);
    };
    await ingestUpload(s.deps, target, farDeadline);
    expect(signals.size).toBe(1);
    expect([...signals][0]).toBeInstanceOf(AbortSignal);
  });
});

describe('ingestUpload: a staged file replaced after it was checked', () => {
  it('rejects an image whose file changed between the check and the read', async () => {
    const png = pngBytes({ width: 10, height: 10 });
    const s = setup({}, png);
    const head = s.staged.head.bind(s.staged);
    s.staged.head = async (key) => {
      const answer = await head(key);
      s.staged.put(key, png.slice()); // the signed POST used again: same size, new version
      return answer;
    };

    expect(await ingestUpload(s.deps, target, farDeadline)).toMatchObject({
      status: 'rejected',
      reason: FILE_CHANGED_REASON,
    });
    expect(s.media.calls).toEqual([]);
  });

  it('keeps the ETag on the video session and rejects when the file changes mid-transfer', async () => {
    const s = videoSetup(8 * CHUNK);
    s.media.afterChunkAccepted = (start) => {
      // Two chunks are read ahead: the change shows from the fifth one on.
      if (start === CHUNK) s.staged.put(uploadRecord({}).key, videoBytes(8 * CHUNK));
    };

    const done = await ingestUpload(s.deps, target, farDeadline);

    expect(done).toMatchObject({ status: 'rejected', reason: FILE_CHANGED_REASON });
    const started = s.uploads.writes.find((w) => w.status === 'uploading');
    expect(started?.video?.etag).toBe('"etag-1"');
    expect(s.media.calls.filter((c) => c.method === 'finishVideo')).toEqual([]);
  });
});

describe('ingestUpload: finishing a video', () => {
  it("goes back to sending from Meta's offset when Meta holds fewer bytes than the checkpoint says", async () => {
    const s = videoSetup(4 * CHUNK);
    await deferralOf(ingestUpload(s.deps, target, { remainingMs: deadlineAfterChunks(s, 2) }));
    // The checkpoint claims every byte (say, a restored backup); Meta holds two chunks.
    const record = await stored(s);
    if (!record?.video) throw new Error('no session');
    await s.uploads.update(
      'ws-1',
      record.id,
      record.version,
      { video: { ...record.video, startOffset: 4 * CHUNK, endOffset: 4 * CHUNK }, sentBytes: 4 * CHUNK },
      '2026-12-01T10:02:00.000Z',
    );

    const done = await ingestUpload(s.deps, target, farDeadline);

    expect(done).toMatchObject({ status: 'ready', videoId: '901' });
    expect(s.media.onlySession().bytes).toEqual(s.file);
    expect(s.media.calls.filter((c) => c.method === 'finishVideo')).toHaveLength(2);
    const resumed = s.uploads.writes.filter((w) => w.version > record.version + 1);
    expect(resumed[0]).toMatchObject({ sentBytes: 2 * CHUNK, video: { startOffset: 2 * CHUNK } });
  });

  it('does not reject a rerun after a crash between Meta taking the finish and the finished checkpoint', async () => {
    const s = videoSetup(2 * CHUNK);
    const update = s.uploads.update.bind(s.uploads);
    let crashed = false;
    s.uploads.update = async (ws, id, version, change, nowIso) => {
      if (change.video?.finished && !crashed) {
        crashed = true;
        throw new Error('process died');
      }
      return update(ws, id, version, change, nowIso);
    };
    await expect(ingestUpload(s.deps, target, farDeadline)).rejects.toThrow('process died');
    expect(s.media.onlySession().finished).toBe(true);
    expect((await stored(s))?.video?.finished).toBeUndefined();

    // Meta refuses the second finish; it is processing the video, so the upload goes on.
    const done = await ingestUpload(s.deps, target, farDeadline);

    expect(done).toMatchObject({ status: 'ready', videoId: '901' });
    expect(s.media.calls.filter((c) => c.method === 'finishVideo')).toHaveLength(2);
    expect(s.media.calls.filter((c) => c.method === 'startVideo')).toHaveLength(1);
  });

  it('treats a refused finish as finished while Meta reports the video processing', async () => {
    const s = videoSetup(CHUNK);
    s.media.failNext.set(
      'finishVideo',
      new MetaRequestError('refused', { httpStatus: 400, code: 100, message: 'x', userMessage: 'No.' }),
    );
    // Asked once after the refusal, once more for the processing wait.
    s.media.processing = [{ status: 'processing' }, { status: 'processing' }, { status: 'ready' }];

    await deferralOf(ingestUpload(s.deps, target, farDeadline));

    expect(await stored(s)).toMatchObject({ status: 'uploading', video: { finished: true } });
    expect(await ingestUpload(s.deps, target, farDeadline)).toMatchObject({ status: 'ready' });
  });

  it('keeps the finish refusal while Meta is still assembling the chunks (its upload status)', async () => {
    const s = videoSetup(CHUNK);
    s.media.failNext.set(
      'finishVideo',
      new MetaRequestError('refused', { httpStatus: 400, code: 100, message: 'x', userMessage: 'Not yet.' }),
    );
    s.media.processing = [{ status: 'processing', uploading: true }];

    expect(await ingestUpload(s.deps, target, farDeadline)).toMatchObject({
      status: 'rejected',
      reason: 'Not yet.',
    });
  });

  it('rejects with the finish refusal when Meta has no processing video', async () => {
    const s = videoSetup(CHUNK);
    s.media.failNext.set(
      'finishVideo',
      new MetaRequestError('refused', {
        httpStatus: 400,
        code: 100,
        message: 'x',
        userMessage: 'The upload session expired.',
      }),
    );
    s.media.processing = [{ status: 'failed', reason: 'Meta dropped the upload.' }];

    expect(await ingestUpload(s.deps, target, farDeadline)).toMatchObject({
      status: 'rejected',
      reason: 'The upload session expired.',
    });
  });
});

describe('ingestUpload: a checkpoint that fails while the next chunk is read', () => {
  it('sends no further chunk once the checkpoint found the upload moved on', async () => {
    const s = videoSetup(4 * CHUNK);
    const read = s.staged.read.bind(s.staged);
    // Reads take a little while, so the failed checkpoint has settled before the next send.
    s.staged.read = async (key, start, end, options) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return read(key, start, end, options);
    };
    const send = s.media.transferVideoChunk.bind(s.media);
    let sends = 0;
    s.media.transferVideoChunk = async (call, session, chunk) => {
      const answer = await send(call, session, chunk);
      sends += 1;
      if (sends === 1) {
        // Another ingest of the upload writes first: our checkpoint of this chunk is stale.
        const record = await stored(s);
        if (!record) throw new Error('no upload');
        await s.uploads.update('ws-1', record.id, record.version, {}, '2026-12-01T10:01:30.000Z');
      }
      return answer;
    };

    expect(await ingestUpload(s.deps, target, farDeadline)).toBeUndefined();
    expect(sends).toBe(1);
  });
});
