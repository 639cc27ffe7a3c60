import type { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import S3rver from 's3rver';

export interface LocalS3 {
  endpoint: string;
  stop(): Promise<void>;
}

/** An S3 event notification (`{Records: [...]}`), as S3 sends it to a queue. */
export interface LocalS3Event {
  Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number } } }[];
}

/**
 * The dev console uploads from the gateway's origin straight to s3rver's, as a dashboard does
 * to S3 with the bucket's CORS rule (infra/aws/staging-bucket.ts).
 */
const LOCAL_CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><ExposeHeader>Location</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

/**
 * s3rver on a free port with the given buckets; `onEvent` hears each object event (S3's
 * notification shape). Note: it ignores presigned-POST policies (size, type), so policy
 * conditions are tested directly, not through it, and the ingest checks the size itself.
 */
export async function startLocalS3(options: {
  dataDir?: string;
  buckets: string[];
  onEvent?: (event: LocalS3Event) => void;
}): Promise<LocalS3> {
  const ephemeral = options.dataDir === undefined;
  const directory = ephemeral
    ? mkdtempSync(join(tmpdir(), 'meta-ads-s3-'))
    : resolve(options.dataDir as string);
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [LOCAL_CORS] })),
  });
  const onEvent = options.onEvent;
  // s3rver is a Koa app (an EventEmitter) that emits 'event'; its typings leave that out.
  if (onEvent) (server as unknown as EventEmitter).on('event', (event: LocalS3Event) => onEvent(event));
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    stop: async () => {
      await server.close();
      if (ephemeral) rmSync(directory, { recursive: true, force: true });
    },
  };
}
