import { createHash } from 'node:crypto';
import type { LocalRuntime } from '../../../infra/local/runtime';
import { crc32Hex, pngBytes, videoBytes } from '../../support/media-fixtures';
import { type CampaignWorld, connectedWorkspace } from '../campaigns/campaign-fixture';
import { settledUpload, uploadThroughApi } from './upload-fixture';

const CHUNK = 64 * 1024;

/**
 * The upload ingest through the whole local runtime: a presigned POST to s3rver, its
 * ObjectCreated event on the ingest queue, the ingest Lambda, the simulator as Meta.
 */
describe('upload ingest through the local runtime', () => {
  let world: CampaignWorld;
  let rt: LocalRuntime;

  beforeAll(async () => {
    world = await connectedWorkspace({ workspaceId: 'ws-ingest' });
    rt = world.rt;
    rt.simulator?.setMediaOptions({ chunkBytes: CHUNK, processingMs: 50 });
  }, 60_000);
  afterAll(() => rt.stop());

  const media = () => {
    const library = rt.simulator?.media(world.adAccountId);
    if (!library) throw new Error('the simulator has no such ad account');
    return library;
  };

  it('takes a PNG to ready with its Meta hash', async () => {
    const png = pngBytes({ width: 1080, height: 1080, size: 50_000 });
    const started = await uploadThroughApi(rt, world.user, {
      kind: 'image',
      fileName: 'square.png',
      contentType: 'image/png',
      bytes: png,
    });
    expect(started.status).toBe(201);

    const read = await settledUpload(rt, world.user, started.body.id);

    const md5 = createHash('md5').update(png).digest('hex');
    expect(read.body).toMatchObject({ status: 'ready', imageHash: md5, width: 1080, height: 1080 });
    expect(media().images.map((i) => i.hash)).toContain(md5);
  });

  it('takes a 3-chunk video to ready, every byte sent once', async () => {
    const video = videoBytes(3 * CHUNK - 500);
    const started = await uploadThroughApi(rt, world.user, {
      kind: 'video',
      fileName: 'spring.mp4',
      contentType: 'video/mp4',
      bytes: video,
    });
    expect(started.status).toBe(201);

    const read = await settledUpload(rt, world.user, started.body.id, 60_000);

    expect(read.body).toMatchObject({ status: 'ready', sentBytes: video.length });
    const held = media().videos.find((v) => v.id === read.body.videoId);
    expect(held).toMatchObject({ status: 'ready', transferCalls: 3, bytesReceivedTotal: video.length });
    expect(held?.crc32).toBe(crc32Hex(video));
  });

  it('rejects a file of another size than declared, and Meta never sees it', async () => {
    const before = media().images.length;
    rt.simulator?.resetRequests();
    const started = await uploadThroughApi(rt, world.user, {
      kind: 'image',
      fileName: 'short.png',
      contentType: 'image/png',
      bytes: pngBytes({ width: 10, height: 10, size: 4000 }),
      declaredSize: 5000,
    });
    expect(started.status).toBe(201);

    const read = await settledUpload(rt, world.user, started.body.id);

    expect(read.body).toMatchObject({
      status: 'rejected',
      reason: 'The file is 4,000 bytes, but 5,000 were declared; upload it again.',
    });
    expect(media().images).toHaveLength(before);
    expect(rt.simulator?.requests().filter((r) => /adimages|advideos/.test(r.path))).toEqual([]);
  });
});
