import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type MetaSimulator, startMetaSimulator } from '@infra/local/meta-simulator';
import { LOCAL_REGION, localCredentials } from '../../../infra/local/local-aws';
import { type LocalS3, startLocalS3 } from '../../../infra/local/s3';
import { GraphMetaMedia } from '../../../shared/creatives/graph-meta-media';
import { type IngestDeps, ingestUpload } from '../../../shared/creatives/ingest-upload';
import type { UploadRecord } from '../../../shared/domain/upload';
import { GraphClient } from '../../../shared/meta/graph-client';
import { DeferError } from '../../../shared/platform/queue';
import { DynamoUploadStore } from '../../../shared/store/dynamodb/upload-store';
import { S3StagedObjects } from '../../../shared/store/s3/staged-objects';
import { crc32Hex, pngBytes, videoBytes } from '../../support/media-fixtures';
import { uploadRecord } from '../../support/upload-records';
import { ZERO_COUNTS } from '../meta-simulator/graph-test-client';
import { createLocalAppTable, type LocalAppTable } from '../support/local-app-table';

const CHUNK = 64 * 1024;
const BUCKET = 'ingest-service-staging';
const silent = { warn: () => undefined, debug: () => undefined };
const farDeadline = { remainingMs: () => 600_000 };

/**
 * The ingest service over its real adapters: uploads in DynamoDB Local, the staged file in
 * s3rver read by ranges, Meta played by the simulator through GraphMetaMedia and THE Graph client.
 */
describe('the ingest over DynamoDB Local, s3rver and the simulator', () => {
  let sim: MetaSimulator;
  let s3: LocalS3;
  let client: S3Client;
  let table: LocalAppTable;
  let deps: IngestDeps;
  let adAccountId: string;
  let ids = 0;

  beforeAll(async () => {
    sim = await startMetaSimulator({
      seed: { businesses: 1, tokens: 1, perBusiness: { ...ZERO_COUNTS, ownedAdAccounts: 1 } },
      videoChunkBytes: CHUNK,
      videoProcessingMs: 100,
    });
    s3 = await startLocalS3({ buckets: [BUCKET] });
    client = new S3Client({
      endpoint: s3.endpoint,
      region: LOCAL_REGION,
      credentials: localCredentials,
      forcePathStyle: true,
    });
    table = await createLocalAppTable('ingest');
    const graph = new GraphClient({
      baseUrl: sim.url,
      videoBaseUrl: sim.url,
      version: 'v26.0',
      appSecret: sim.appSecret,
      backoff: { baseMs: 5, capMs: 20 },
      timeoutMs: 5000,
      logger: silent,
    });
    const token = sim.scenario.tokens[0];
    adAccountId = sim.scenario.expected.adAccounts[0]?.id ?? '';
    deps = {
      uploads: new DynamoUploadStore({ client: table.client, tableName: table.tableName }),
      staged: new S3StagedObjects({ client, bucket: BUCKET }),
      media: new GraphMetaMedia(graph),
      tokens: async () => [{ id: token?.id ?? '', accessToken: token?.accessToken ?? '' }],
      now: Date.now,
    };
  });
  afterAll(async () => {
    client.destroy();
    table.close();
    await s3.stop();
    await sim.close();
  });

  async function staged(file: Uint8Array, record: Partial<UploadRecord>): Promise<UploadRecord> {
    ids += 1;
    const upload = uploadRecord({
      id: `upl_${ids.toString(16).padStart(24, '0')}`,
      adAccountId,
      bytes: file.length,
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      ...record,
    });
    await deps.uploads.create(upload);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: upload.key, Body: file }));
    return upload;
  }

  /** Runs the ingest as the queue would: again after each deferral (no wait: the simulator is quick). */
  async function ingestToTheEnd(upload: UploadRecord): Promise<UploadRecord | undefined> {
    for (let run = 0; run < 50; run += 1) {
      try {
        return await ingestUpload(
          deps,
          { workspaceId: upload.workspaceId, uploadId: upload.id },
          farDeadline,
        );
      } catch (err: unknown) {
        if (!(err instanceof DeferError)) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error('still deferring after 50 runs');
  }

  const media = () => {
    const library = sim.media(adAccountId);
    if (!library) throw new Error(`the simulator has no ad account ${adAccountId}`);
    return library;
  };

  it("sends a PNG to Meta's image library and keeps its hash", async () => {
    const png = pngBytes({ width: 1200, height: 628, size: 300_000 });
    const upload = await staged(png, {});

    const done = await ingestToTheEnd(upload);

    const md5 = createHash('md5').update(png).digest('hex');
    expect(done).toMatchObject({ status: 'ready', imageHash: md5, width: 1200, height: 628 });
    expect(media().images.map((i) => i.hash)).toContain(md5);
  });

  it('streams a 3-chunk video to Meta and waits for its processing', async () => {
    const video = videoBytes(3 * CHUNK - 1000);
    const upload = await staged(video, { kind: 'video', contentType: 'video/mp4', fileName: 'spring.mp4' });

    const done = await ingestToTheEnd(upload);

    expect(done).toMatchObject({ status: 'ready', sentBytes: video.length });
    const held = media().videos.find((v) => v.id === done?.videoId);
    expect(held).toMatchObject({ status: 'ready', receivedBytes: video.length, transferCalls: 3 });
    expect(held?.crc32).toBe(crc32Hex(video));
    expect(held?.bytesReceivedTotal).toBe(video.length);
  });

  it('resends at most one chunk after the ingest dies between Meta ack and checkpoint', async () => {
    const video = videoBytes(5 * CHUNK);
    const upload = await staged(video, { kind: 'video', contentType: 'video/mp4', fileName: 'crash.mp4' });
    const real = deps.media;
    let sends = 0;
    const crashing: IngestDeps = {
      ...deps,
      media: {
        uploadImage: real.uploadImage.bind(real),
        startVideo: real.startVideo.bind(real),
        finishVideo: real.finishVideo.bind(real),
        videoProcessing: real.videoProcessing.bind(real),
        transferVideoChunk: async (call, session, chunk) => {
          const answer = await real.transferVideoChunk(call, session, chunk);
          sends += 1;
          if (sends === 3) throw new Error('process died');
          return answer;
        },
      },
    };
    await expect(
      ingestUpload(crashing, { workspaceId: upload.workspaceId, uploadId: upload.id }, farDeadline),
    ).rejects.toThrow('process died');

    const done = await ingestToTheEnd(upload);

    const held = media().videos.find((v) => v.id === done?.videoId);
    expect(held?.crc32).toBe(crc32Hex(video));
    expect((held?.bytesReceivedTotal ?? 0) - video.length).toBeGreaterThan(0);
    expect((held?.bytesReceivedTotal ?? 0) - video.length).toBeLessThanOrEqual(CHUNK);
  });

  it("goes back to sending from Meta's offset when Meta refuses the finish as incomplete", async () => {
    const video = videoBytes(4 * CHUNK);
    const upload = await staged(video, { kind: 'video', contentType: 'video/mp4', fileName: 'short.mp4' });
    const real = deps.media;
    let sends = 0;
    const dying: IngestDeps = {
      ...deps,
      media: {
        uploadImage: real.uploadImage.bind(real),
        startVideo: real.startVideo.bind(real),
        finishVideo: real.finishVideo.bind(real),
        videoProcessing: real.videoProcessing.bind(real),
        transferVideoChunk: async (call, session, chunk) => {
          sends += 1;
          if (sends === 3) throw new Error('process died');
          return real.transferVideoChunk(call, session, chunk);
        },
      },
    };
    const target = { workspaceId: upload.workspaceId, uploadId: upload.id };
    await expect(ingestUpload(dying, target, farDeadline)).rejects.toThrow('process died');
    // The checkpoint claims every byte (a restored backup, say); Meta holds two chunks.
    const record = await deps.uploads.get(upload.workspaceId, upload.id);
    if (!record?.video) throw new Error('no session');
    const all = { startOffset: video.length, endOffset: video.length };
    await deps.uploads.update(
      upload.workspaceId,
      upload.id,
      record.version,
      { video: { ...record.video, ...all }, sentBytes: video.length },
      new Date().toISOString(),
    );

    const done = await ingestToTheEnd(upload);

    expect(done).toMatchObject({ status: 'ready', sentBytes: video.length });
    const held = media().videos.find((v) => v.id === done?.videoId);
    expect(held?.crc32).toBe(crc32Hex(video));
    expect(held?.bytesReceivedTotal).toBe(video.length);
  });

  it('rejects a file of the wrong size before Meta hears of it', async () => {
    const png = pngBytes({ width: 10, height: 10, size: 5000 });
    const upload = await staged(png, { bytes: 6000 });
    sim.resetRequests();

    const done = await ingestToTheEnd(upload);

    expect(done).toMatchObject({
      status: 'rejected',
      reason: 'The file is 5,000 bytes, but 6,000 were declared; upload it again.',
    });
    expect(sim.requests()).toEqual([]);
  });
});
