import { buckets } from '../../infra/resources';
import { resourceName } from '../platform/config';
import { connectionStore } from '../store/dynamodb/connection-store';
import { idempotencyStore } from '../store/dynamodb/idempotency-store';
import { uploadStore } from '../store/dynamodb/upload-store';
import { S3UploadSigner } from '../store/s3/upload-signer';
import type { UploadsDeps } from './uploads-service';

let deps: UploadsDeps | undefined;

/** The upload routes' dependencies: the app table and the staging bucket; no Meta, no token. */
export function uploadsDeps(): UploadsDeps {
  deps ??= {
    uploads: uploadStore(),
    idempotency: idempotencyStore(),
    connections: connectionStore(),
    signer: new S3UploadSigner(resourceName(buckets.staging.envVar)),
    now: Date.now,
  };
  return deps;
}
