/**
 * `creatives` bench area (issue 15), on the local runtime (s3rver, DynamoDB Local, the queue
 * runner, the Meta simulator):
 * - imageReadyMs: p50 of a 2 MB PNG from `POST /meta/creatives/uploads` through the presigned
 *   POST, the S3 event, the queue and the ingest to `ready`, as the dashboard polls it;
 * - videoIngestMBps: a 200 MB video sent from s3rver to the simulator by the ingest (ranged
 *   reads, 4 MiB chunks, a checkpoint per chunk), beside plainCopyMBps, the same bytes copied
 *   S3 → S3 in the same run (ratio target ≥ 0.7);
 *   (`details.chunkedCopyMBps`: the same copy a ranged GET and an UploadPart per 4 MiB chunk);
 * - ingestPeakHeapGrowthMB: how much the heap grows while that video is sent (target ≤ 64);
 * - resumeResentBytes: an ingest killed right after Meta acknowledged a chunk (before its
 *   checkpoint), then run again as the redelivered message: the bytes Meta received twice
 *   (target ≤ one chunk).
 * MB = 10^6 bytes. The ingest runs with the composition root the Lambda uses.
 */
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startLocalRuntime } from '../../infra/local/runtime';
import { ingestDeps } from '../../shared/creatives/ingest-root';
import { type IngestDeps, ingestUpload } from '../../shared/creatives/ingest-upload';
import type { UploadRecord } from '../../shared/domain/upload';
import { DeferError } from '../../shared/platform/queue';
import { uploadStore } from '../../shared/store/dynamodb/upload-store';
import { connectedWorkspace } from '../integration/campaigns/campaign-fixture';
import { settledUpload, uploadThroughApi } from '../integration/creatives/upload-fixture';
import { pngBytes, videoStream } from '../support/media-fixtures';
import { median, roundTo } from './statistics';

export interface CreativeFigures {
  imageReadyMs: number;
  videoIngestMBps: number;
  plainCopyMBps: number;
  ingestOverCopyRatio: number;
  ingestPeakHeapGrowthMB: number;
  resumeResentBytes: number;
  details: Record<string, number | string>;
}

const ROOT = resolve(__dirname, '..', '..');
const MB = 1_000_000;
const CHUNK_BYTES = 4 * 1024 * 1024;
const VIDEO_BYTES = 200 * MB;
const RESUME_VIDEO_BYTES = 40 * MB;
const IMAGE_SAMPLES = 15;
const COPY_RUNS = 3;
const RUN = { remainingMs: () => 15 * 60 * 1000 };

export async function benchCreatives(): Promise<CreativeFigures> {
  const rt = await startLocalRuntime({ port: 0, rootDir: ROOT });
  // Without this the SDK frames streamed bodies as aws-chunked with a checksum trailer, which
  // s3rver stores as part of the object.
  const s3 = new S3Client({ forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
  try {
    const world = await connectedWorkspace({ rt });
    const sim = rt.simulator;
    if (!sim) throw new Error('the bench needs the simulator');
    sim.setMediaOptions({ chunkBytes: CHUNK_BYTES, processingMs: 0 });
    const bucket = rt.env.BUCKET_STAGING ?? '';
    const workspaceId = 'dev-workspace';

    // Image: the marketer's path end to end.
    const png = pngBytes({ width: 1200, height: 628, size: 2 * MB });
    const imageMs: number[] = [];
    for (let i = 0; i < IMAGE_SAMPLES + 2; i++) {
      const startedAt = performance.now();
      const started = await uploadThroughApi(world.rt, world.user, {
        kind: 'image',
        fileName: `bench-${i}.png`,
        contentType: 'image/png',
        bytes: png,
      });
      const settled = await settledUpload(world.rt, world.user, started.body.id);
      if (settled.body.status !== 'ready') throw new Error(`image upload: ${JSON.stringify(settled.body)}`);
      if (i >= 2) imageMs.push(performance.now() - startedAt);
    }

    // Video: stage 200 MB, then copy it S3 → S3 and ingest it S3 → Meta, in the same run.
    const videoKey = 'bench/video-200mb';
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: videoKey,
        Body: videoStream(VIDEO_BYTES, { chunkBytes: CHUNK_BYTES }),
        ContentLength: VIDEO_BYTES,
        ContentType: 'video/mp4',
      }),
    );
    // The copy's speed swings with the disk's state (s3rver writes files): the median of three.
    const copyRuns: number[] = [];
    for (let run = 0; run < COPY_RUNS; run++)
      copyRuns.push(await streamedCopy(s3, bucket, videoKey, VIDEO_BYTES));
    const copySeconds = median(copyRuns);
    const chunkedCopySeconds = await chunkedCopy(s3, bucket, videoKey, VIDEO_BYTES);

    const deps = await ingestDeps();
    const video = await stageRecord(workspaceId, world.adAccountId, videoKey, VIDEO_BYTES, 'bench-1');
    const heap = heapSampler();
    const ingestStarted = performance.now();
    const sent = await ingestToFinish(deps, video);
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    if (!sent?.video?.finished) throw new Error(`the video was not sent: ${JSON.stringify(sent)}`);
    const heapGrowthMB = heap.stop() / (1024 * 1024);

    // Resume: kill the ingest after Meta acknowledged the 5th chunk, before the checkpoint.
    const resumeKey = 'bench/video-40mb';
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: resumeKey,
        Body: videoStream(RESUME_VIDEO_BYTES, { chunkBytes: CHUNK_BYTES }),
        ContentLength: RESUME_VIDEO_BYTES,
      }),
    );
    const resumed = await stageRecord(
      workspaceId,
      world.adAccountId,
      resumeKey,
      RESUME_VIDEO_BYTES,
      'bench-2',
    );
    let acknowledged = 0;
    const dying: IngestDeps = {
      ...deps,
      media: {
        ...deps.media,
        transferVideoChunk: async (...args) => {
          const answer = await deps.media.transferVideoChunk(...args);
          if (++acknowledged === 5) throw new Error('the ingest died');
          return answer;
        },
        uploadImage: (...args) => deps.media.uploadImage(...args),
        startVideo: (...args) => deps.media.startVideo(...args),
        finishVideo: (...args) => deps.media.finishVideo(...args),
        videoProcessing: (...args) => deps.media.videoProcessing(...args),
      },
    };
    await ingestToFinish(dying, resumed).then(
      (left) => {
        throw new Error(`the dying ingest should have died: ${JSON.stringify(left)}`);
      },
      (err: unknown) => {
        if (!(err instanceof Error) || err.message !== 'the ingest died') throw err;
      },
    );
    const finished = await ingestToFinish(deps, resumed);
    const atMeta = sim.media(world.adAccountId)?.videos.find((v) => v.id === finished?.videoId);
    if (!atMeta) throw new Error('the resumed video is not at the simulator');
    if (atMeta.receivedBytes !== RESUME_VIDEO_BYTES) throw new Error('the resumed video is incomplete');

    const videoMBps = VIDEO_BYTES / MB / ingestSeconds;
    const copyMBps = VIDEO_BYTES / MB / copySeconds;
    return {
      imageReadyMs: roundTo(median(imageMs), 1),
      videoIngestMBps: roundTo(videoMBps, 1),
      plainCopyMBps: roundTo(copyMBps, 1),
      ingestOverCopyRatio: roundTo(videoMBps / copyMBps, 2),
      ingestPeakHeapGrowthMB: roundTo(heapGrowthMB, 1),
      resumeResentBytes: atMeta.bytesReceivedTotal - RESUME_VIDEO_BYTES,
      details: {
        chunkBytes: CHUNK_BYTES,
        videoBytes: VIDEO_BYTES,
        videoIngestSeconds: roundTo(ingestSeconds, 2),
        plainCopySeconds: roundTo(copySeconds, 2),
        plainCopyRunsMBps: copyRuns.map((seconds) => roundTo(VIDEO_BYTES / MB / seconds, 1)).join(' '),
        // The same bytes S3 → S3 as the ingest moves them: one ranged GET and one request per
        // 4 MiB chunk, one after another (the per-request floor the streaming copy does not pay).
        chunkedCopyMBps: roundTo(VIDEO_BYTES / MB / chunkedCopySeconds, 1),
        resumeTransferCalls: atMeta.transferCalls,
        imageReadyMaxMs: roundTo(Math.max(...imageMs), 1),
      },
    };
  } finally {
    s3.destroy();
    await rt.stop();
  }
}

/** Copies `key` in one streamed GET piped into one PUT; the seconds it took. */
async function streamedCopy(s3: S3Client, bucket: string, key: string, size: number): Promise<number> {
  const started = performance.now();
  const source = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: `${key}-copy`,
      Body: source.Body as NodeJS.ReadableStream as never,
      ContentLength: size,
    }),
  );
  return (performance.now() - started) / 1000;
}

/** Copies `key` part by part (ranged GET → UploadPart per chunk); the seconds it took. */
async function chunkedCopy(s3: S3Client, bucket: string, key: string, size: number): Promise<number> {
  const started = performance.now();
  const target = `${key}-parts`;
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: target }));
  const parts: { ETag?: string; PartNumber: number }[] = [];
  for (let offset = 0, part = 1; offset < size; offset += CHUNK_BYTES, part++) {
    const end = Math.min(size, offset + CHUNK_BYTES);
    const range = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${offset}-${end - 1}` }),
    );
    const bytes = await range.Body?.transformToByteArray();
    const { ETag } = await s3.send(
      new UploadPartCommand({ Bucket: bucket, Key: target, UploadId, PartNumber: part, Body: bytes }),
    );
    parts.push({ ETag, PartNumber: part });
  }
  await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: target,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
  return (performance.now() - started) / 1000;
}

/** A staged video's record, as the upload route leaves it (its key outside the S3 trigger's prefix). */
async function stageRecord(
  workspaceId: string,
  adAccountId: string,
  key: string,
  bytes: number,
  name: string,
): Promise<UploadRecord> {
  const now = new Date().toISOString();
  const record: UploadRecord = {
    workspaceId,
    id: `upl_${Buffer.from(name.padEnd(12, '0')).toString('hex').slice(0, 24)}`,
    kind: 'video',
    fileName: `${name}.mp4`,
    contentType: 'video/mp4',
    bytes,
    key,
    adAccountId,
    status: 'pending',
    createdAt: now,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    updatedAt: now,
    version: 1,
  };
  await uploadStore().create(record);
  return record;
}

/** Runs the ingest until the video is sent and finished (Meta's processing wait is a requeue). */
async function ingestToFinish(deps: IngestDeps, record: UploadRecord): Promise<UploadRecord | undefined> {
  try {
    const out = await ingestUpload(deps, { workspaceId: record.workspaceId, uploadId: record.id }, RUN);
    return out;
  } catch (err: unknown) {
    if (!(err instanceof DeferError)) throw err;
    return uploadStore().get(record.workspaceId, record.id);
  }
}

/** Samples the heap every 10 ms from a collected baseline; `stop` gives the peak growth in bytes. */
function heapSampler(): { stop(): number } {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      return peak - baseline;
    },
  };
}
