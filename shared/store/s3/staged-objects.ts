import { GetObjectCommand, HeadObjectCommand, NotFound, type S3Client } from '@aws-sdk/client-s3';
import { buckets } from '../../../infra/resources';
import {
  StagedObjectChangedError,
  type StagedObjects,
  type StagedReadOptions,
} from '../../creatives/staged-objects';
import { resourceName } from '../../platform/config';
import { s3Client } from '../aws-clients';

export interface S3StagedObjectsOptions {
  /** @default the container's shared S3 client */
  client?: S3Client;
  /** @default the bucket named by BUCKET_STAGING */
  bucket?: string;
}

/** The staging bucket through HeadObject and ranged GetObject (`Range: bytes=a-b`, b inclusive). */
export class S3StagedObjects implements StagedObjects {
  private readonly client: S3Client;
  private readonly bucketName: string | undefined;

  constructor(options: S3StagedObjectsOptions = {}) {
    this.client = options.client ?? s3Client();
    this.bucketName = options.bucket;
  }

  async head(key: string): Promise<{ size: number; etag?: string } | undefined> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: out.ContentLength ?? 0, ...(out.ETag === undefined ? {} : { etag: out.ETag }) };
    } catch (err: unknown) {
      if (err instanceof NotFound || httpStatusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async read(
    key: string,
    start: number,
    endExclusive: number,
    options: StagedReadOptions = {},
  ): Promise<Uint8Array> {
    if (endExclusive <= start) return new Uint8Array(0);
    options.signal?.throwIfAborted();
    const out = await this.getRange(key, start, endExclusive, options);
    if (!out.Body) throw new Error(`staged object ${key} answered no body`);
    // Straight into one array of the asked length: no list of parts joined after.
    const length = endExclusive - start;
    const bytes = new Uint8Array(length);
    let filled = 0;
    for await (const part of out.Body as AsyncIterable<Uint8Array>) {
      if (filled + part.length <= length) bytes.set(part, filled);
      filled += part.length;
    }
    if (filled !== length) {
      // A short (or long) read would send Meta a wrong chunk; fail and let the queue retry.
      throw new Error(`staged object ${key}: asked ${length} bytes at ${start}, got ${filled}`);
    }
    return bytes;
  }

  private async getRange(key: string, start: number, endExclusive: number, options: StagedReadOptions) {
    try {
      return await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: `bytes=${start}-${endExclusive - 1}`,
          ...(options.ifMatch === undefined ? {} : { IfMatch: options.ifMatch }),
        }),
        options.signal ? { abortSignal: options.signal } : {},
      );
    } catch (err: unknown) {
      if (httpStatusOf(err) === 412) throw new StagedObjectChangedError(key);
      throw err;
    }
  }

  /** Read per call: the bucket name comes from the environment, which tests may switch. */
  private get bucket(): string {
    return this.bucketName ?? resourceName(buckets.staging.envVar);
  }
}

function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('$metadata' in err)) return undefined;
  const metadata = (err as { $metadata?: { httpStatusCode?: number } }).$metadata;
  return metadata?.httpStatusCode;
}

let sharedStagedObjects: StagedObjects | undefined;

/** The container's one view of the staging bucket, for the composition roots. */
export function stagedObjects(): StagedObjects {
  sharedStagedObjects ??= new S3StagedObjects();
  return sharedStagedObjects;
}
