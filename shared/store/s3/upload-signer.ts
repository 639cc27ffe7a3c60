import type { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { UploadSigner } from '../../creatives/uploads-service';
import { s3Client } from '../aws-clients';

/**
 * Presigned POSTs to the staging bucket whose policy admits one key, one content type and
 * exactly the declared size (`content-length-range` [size, size]). S3 enforces the policy;
 * s3rver does not, so the ingest checks the stored size again.
 */
export class S3UploadSigner implements UploadSigner {
  constructor(
    private readonly bucket: string,
    private readonly client: S3Client = s3Client(),
  ) {}

  async sign(object: {
    key: string;
    contentType: string;
    size: number;
    expiresInSeconds: number;
  }): Promise<{ url: string; fields: Record<string, string> }> {
    return createPresignedPost(this.client, {
      Bucket: this.bucket,
      Key: object.key,
      Conditions: [
        ['content-length-range', object.size, object.size],
        ['eq', '$Content-Type', object.contentType],
      ],
      Fields: { 'Content-Type': object.contentType },
      Expires: object.expiresInSeconds,
    });
  }
}
