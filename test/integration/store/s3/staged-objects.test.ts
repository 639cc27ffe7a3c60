import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_REGION, localCredentials } from '../../../../infra/local/local-aws';
import { type LocalS3, startLocalS3 } from '../../../../infra/local/s3';
import { S3StagedObjects } from '../../../../shared/store/s3/staged-objects';
import { videoBytes } from '../../../support/media-fixtures';

describe('S3StagedObjects on s3rver', () => {
  let s3: LocalS3;
  let client: S3Client;
  const bucket = 'staging-objects-test';
  const file = videoBytes(100_000);

  beforeAll(async () => {
    s3 = await startLocalS3({ buckets: [bucket] });
    client = new S3Client({
      endpoint: s3.endpoint,
      region: LOCAL_REGION,
      credentials: localCredentials,
      forcePathStyle: true,
    });
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/ws-1/upl_1', Body: file }));
  });
  afterAll(async () => {
    client.destroy();
    await s3.stop();
  });
  const staged = () => new S3StagedObjects({ client, bucket });

  it("heads an object's size, and nothing for a key that is not there", async () => {
    expect(await staged().head('uploads/ws-1/upl_1')).toEqual({ size: 100_000 });
    expect(await staged().head('uploads/ws-1/upl_none')).toBeUndefined();
  });

  it('reads byte ranges, the end exclusive', async () => {
    expect(await staged().read('uploads/ws-1/upl_1', 0, 16)).toEqual(file.subarray(0, 16));
    expect(await staged().read('uploads/ws-1/upl_1', 65_000, 100_000)).toEqual(file.subarray(65_000));
    expect(await staged().read('uploads/ws-1/upl_1', 10, 10)).toEqual(new Uint8Array(0));
  });

  it('refuses a range past the end instead of handing back fewer bytes', async () => {
    await expect(staged().read('uploads/ws-1/upl_1', 99_000, 101_000)).rejects.toThrow(/asked 2000 bytes/);
  });
});
