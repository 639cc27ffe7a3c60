import { createHash } from 'node:crypto';
import { type MetaSimulator, startMetaSimulator } from '@infra/local/meta-simulator';
import { GraphMetaMedia } from '../../../shared/creatives/graph-meta-media';
import type { MediaCall } from '../../../shared/creatives/meta-media';
import { GraphClient } from '../../../shared/meta/graph-client';
import { MetaRequestError, MetaTransientError } from '../../../shared/platform/errors';
import { crc32Hex } from '../../support/media-fixtures';
import { ZERO_COUNTS } from '../meta-simulator/graph-test-client';

const silent = { warn: () => undefined, debug: () => undefined };
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  Buffer.from([0, 0, 4, 0, 0, 0, 2, 0]),
  Buffer.alloc(64, 7),
]);
const CHUNK = 1000;
const VIDEO = Buffer.from(Array.from({ length: 2500 }, (_, i) => i % 251));

describe('GraphMetaMedia against the simulator', () => {
  let sim: MetaSimulator;
  let media: GraphMetaMedia;
  let call: MediaCall;
  let pageId: string;

  beforeAll(async () => {
    sim = await startMetaSimulator({
      seed: { businesses: 1, tokens: 1, perBusiness: { ...ZERO_COUNTS, ownedAdAccounts: 1, ownedPages: 1 } },
      videoChunkBytes: CHUNK,
      videoProcessingMs: 150,
    });
    const graph = new GraphClient({
      baseUrl: sim.url,
      videoBaseUrl: sim.url,
      version: 'v26.0',
      appSecret: sim.appSecret,
      backoff: { baseMs: 5, capMs: 20 },
      timeoutMs: 2000,
      logger: silent,
    });
    media = new GraphMetaMedia(graph);
    const token = sim.scenario.tokens[0];
    call = {
      accessToken: token?.accessToken ?? '',
      tokenId: token?.id ?? '',
      adAccountId: sim.scenario.expected.adAccounts[0]?.id ?? '',
    };
    pageId = sim.scenario.expected.pages[0]?.id ?? '';
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.clearFaults());

  /** Sends the file from `from` to the end as Meta asks, chunk by chunk; the transfers made. */
  async function sendFrom(uploadSessionId: string, from: { startOffset: number; endOffset: number }) {
    let range = from;
    const answers = [];
    while (range.startOffset < VIDEO.length) {
      const answer = await media.transferVideoChunk(
        call,
        { uploadSessionId, startOffset: range.startOffset },
        VIDEO.subarray(range.startOffset, range.endOffset),
      );
      answers.push(answer);
      range = answer;
    }
    return answers;
  }

  async function readyVideo(): Promise<string> {
    const session = await media.startVideo(call, VIDEO.length);
    await sendFrom(session.uploadSessionId, session);
    await media.finishVideo(call, { uploadSessionId: session.uploadSessionId });
    sim.setVideoStatus(session.videoId, 'ready');
    return session.videoId;
  }

  it('uploads an image multipart and answers its MD5 hash', async () => {
    const { hash } = await media.uploadImage(call, {
      fileName: 'hero.png',
      contentType: 'image/png',
      bytes: PNG,
    });
    expect(hash).toBe(createHash('md5').update(PNG).digest('hex'));
    expect(sim.media(call.adAccountId)?.images).toContainEqual(
      expect.objectContaining({ hash, name: 'hero.png', bytes: PNG.length, width: 1024, height: 512 }),
    );
  });

  it("maps Meta's refusal of bytes that are no image to MetaRequestError with Meta's code", async () => {
    const refused = await media
      .uploadImage(call, {
        fileName: 'notes.png',
        contentType: 'image/png',
        bytes: Buffer.from('plain text'),
      })
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(MetaRequestError);
    expect((refused as MetaRequestError).graph).toMatchObject({
      code: 100,
      subcode: 1487242,
      userTitle: 'Image Resize Failed',
    });
  });

  it('uploads a video in three chunks, finishes it, and reads it processing, then ready with thumbnails', async () => {
    const session = await media.startVideo(call, VIDEO.length);
    expect(session).toEqual({
      videoId: expect.any(String),
      uploadSessionId: expect.any(String),
      startOffset: 0,
      endOffset: CHUNK,
    });
    const answers = await sendFrom(session.uploadSessionId, session);
    expect(answers).toEqual([
      { kind: 'accepted', startOffset: 1000, endOffset: 2000 },
      { kind: 'accepted', startOffset: 2000, endOffset: 2500 },
      { kind: 'accepted', startOffset: 2500, endOffset: 2500 },
    ]);
    // Before the finish Meta still assembles the chunks (`upload`).
    expect(await media.videoProcessing(call, session.videoId)).toEqual({
      status: 'processing',
      uploading: true,
      progressPct: 0,
    });
    await media.finishVideo(call, { uploadSessionId: session.uploadSessionId, title: 'Spring' });
    const afterFinish = await media.videoProcessing(call, session.videoId);
    expect(afterFinish).toMatchObject({ status: 'processing' });
    expect(afterFinish).not.toHaveProperty('uploading');
    expect(await media.videoThumbnailUrl(call, session.videoId)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await media.videoProcessing(call, session.videoId)).toEqual({ status: 'ready' });
    expect(await media.videoThumbnailUrl(call, session.videoId)).toMatch(/_thumb_0\.jpg$/);
    const video = sim.media(call.adAccountId)?.videos.find((v) => v.id === session.videoId);
    expect(video).toMatchObject({
      status: 'ready',
      receivedBytes: 2500,
      transferCalls: 3,
      bytesReceivedTotal: 2500,
      crc32: crc32Hex(VIDEO),
      title: 'Spring',
    });
  });

  it("resumes after a lost answer: the re-sent chunk gets Meta's wrong-offset answer naming the next range", async () => {
    const session = await media.startVideo(call, VIDEO.length);
    await media.transferVideoChunk(
      call,
      { uploadSessionId: session.uploadSessionId, startOffset: 0 },
      VIDEO.subarray(0, CHUNK),
    );
    sim.addFault({ path: '/*/advideos', params: { upload_phase: 'transfer' }, kind: 'lostAnswer', times: 1 });
    const lost = await media
      .transferVideoChunk(
        call,
        { uploadSessionId: session.uploadSessionId, startOffset: CHUNK },
        VIDEO.subarray(CHUNK, 2 * CHUNK),
      )
      .catch((err: unknown) => err);
    // A write whose answer was lost is not retried by the transport: the ingest re-asks.
    expect(lost).toBeInstanceOf(MetaTransientError);
    const resumed = await media.transferVideoChunk(
      call,
      { uploadSessionId: session.uploadSessionId, startOffset: CHUNK },
      VIDEO.subarray(CHUNK, 2 * CHUNK),
    );
    expect(resumed).toEqual({ kind: 'wrong_offset', startOffset: 2000, endOffset: 2500 });
    await sendFrom(session.uploadSessionId, resumed);
    await media.finishVideo(call, { uploadSessionId: session.uploadSessionId });
    const video = sim.media(call.adAccountId)?.videos.find((v) => v.id === session.videoId);
    // One chunk re-sent, no more.
    expect(video?.bytesReceivedTotal).toBe(VIDEO.length + CHUNK);
    expect(video?.crc32).toBe(crc32Hex(VIDEO));
  });

  it('reads a video Meta failed to process as failed, with a reason a marketer understands', async () => {
    const session = await media.startVideo(call, VIDEO.length);
    sim.setVideoStatus(session.videoId, 'error');
    expect(await media.videoProcessing(call, session.videoId)).toEqual({
      status: 'failed',
      reason: expect.stringContaining('could not be processed'),
    });
  });

  it('creates image, video and carousel creatives and finds one by its marker label', async () => {
    const { hash } = await media.uploadImage(call, {
      fileName: 'card.png',
      contentType: 'image/png',
      bytes: PNG,
    });
    const videoId = await readyVideo();
    const thumbnail = await media.videoThumbnailUrl(call, videoId);
    const image = await media.createCreative(
      call,
      {
        name: 'Image',
        object_story_spec: {
          page_id: pageId,
          link_data: { image_hash: hash, link: 'https://shop.example', message: 'Hi' },
        },
      },
      'mk-image',
    );
    const video = await media.createCreative(
      call,
      {
        name: 'Video',
        object_story_spec: {
          page_id: pageId,
          video_data: { video_id: videoId, image_url: thumbnail, title: 'Watch' },
        },
      },
      'mk-video',
    );
    const card = (n: number) => ({ link: `https://shop.example/${n}`, image_hash: hash, name: `Card ${n}` });
    const carousel = await media.createCreative(
      call,
      {
        name: 'Carousel',
        object_story_spec: {
          page_id: pageId,
          link_data: { link: 'https://shop.example', child_attachments: [card(1), card(2), card(3)] },
        },
      },
      'mk-carousel',
    );
    expect(await media.findCreativeByMarker(call, 'mk-video')).toEqual(video);
    expect(await media.findCreativeByMarker(call, 'mk-carousel')).toEqual(carousel);
    expect(await media.findCreativeByMarker(call, 'mk-image')).toEqual(image);
    expect(await media.findCreativeByMarker(call, 'mk-none')).toBeUndefined();
    expect(sim.media(call.adAccountId)?.creatives).toContainEqual(
      expect.objectContaining({ id: carousel.id, name: 'Carousel', adlabels: ['mk-carousel'] }),
    );
  });

  it('refuses a creative naming an image hash the ad account does not have, or one carousel card', async () => {
    const unknownHash = await media
      .createCreative(
        call,
        {
          object_story_spec: {
            page_id: pageId,
            link_data: { image_hash: 'f'.repeat(32), link: 'https://x.example' },
          },
        },
        'mk-1',
      )
      .catch((err: unknown) => err);
    expect(unknownHash).toBeInstanceOf(MetaRequestError);
    expect((unknownHash as MetaRequestError).graph).toMatchObject({
      code: 100,
      userTitle: 'Invalid Image Hash',
    });
    const oneCard = await media
      .createCreative(
        call,
        {
          object_story_spec: {
            page_id: pageId,
            link_data: {
              link: 'https://x.example',
              child_attachments: [{ link: 'https://x.example', picture: 'https://p' }],
            },
          },
        },
        'mk-2',
      )
      .catch((err: unknown) => err);
    expect((oneCard as MetaRequestError).graph).toMatchObject({
      code: 100,
      userTitle: 'Wrong Number of Carousel Cards',
    });
    expect(await media.findCreativeByMarker(call, 'mk-1')).toBeUndefined();
  });
});
