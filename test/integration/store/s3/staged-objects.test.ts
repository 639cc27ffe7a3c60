import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { LOCAL_REGION, localCredentials } from '../../../../infra/local/local-aws';
import { type LocalS3, startLocalS3 } from '../../../../infra/local/s3';
import { StagedObjectChangedError } from '../../../../shared/creatives/staged-objects';
import { S3StagedObjects } from '../../../../shared/store/s3/staged-objects';
import { videoBytes } from '../../../support/media-fixtures';

describe('S3StagedObjects on s3rver', () => {
  let s3: LocalS3;
  let client: S3Client;
  const localClient = () =>
    new S3Client({
      endpoint: s3.endpoint,
      region: LOCAL_REGION,
      credentials: localCredentials,
      forcePathStyle: true,
    });
  const bucket = 'staging-objects-test';
  const file = videoBytes(100_000);

  beforeAll(async () => {
    s3 = await startLocalS3({ buckets: [bucket] });
    client = localClient();
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/ws-1/upl_1', Body: file }));
  });
  afterAll(async () => {
    client.destroy();
    await s3.stop();
  });
  const staged = () => new S3StagedObjects({ client, bucket });

  it("heads an object's size and ETag, and nothing for a key that is not there", async () => {
    expect(await staged().head('uploads/ws-1/upl_1')).toEqual({ size: 100_000, etag: expect.any(String) });
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

  it('reads a range of the version it names, sending If-Match', async () => {
    const head = await staged().head('uploads/ws-1/upl_1');
    if (!head?.etag) throw new Error('no ETag');
    const sent: (string | undefined)[] = [];
    const watched = localClient();
    watched.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers?: Record<string, string> };
        sent.push(request.headers?.['if-match']);
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordIfMatch' },
    );
    const reader = new S3StagedObjects({ client: watched, bucket });

    expect(await reader.read('uploads/ws-1/upl_1', 100, 200, { ifMatch: head.etag })).toEqual(
      file.subarray(100, 200),
    );
    expect(sent).toEqual([head.etag]);
    watched.destroy();
  });

  it("maps S3's 412 to StagedObjectChangedError (s3rver ignores If-Match, so S3's answer is injected)", async () => {
    const refusing = localClient();
    refusing.middlewareStack.add(
      () => async () => {
        throw new S3ServiceException({
          name: 'PreconditionFailed',
          $fault: 'client',
          $metadata: { httpStatusCode: 412 },
          message: 'At least one of the pre-conditions you specified did not hold',
        });
      },
      { step: 'finalizeRequest', name: 'answer412' },
    );
    const reader = new S3StagedObjects({ client: refusing, bucket });

    await expect(reader.read('uploads/ws-1/upl_1', 0, 16, { ifMatch: '"other"' })).rejects.toBeInstanceOf(
      StagedObjectChangedError,
    );
    refusing.destroy();
  });

  it('stops a read when its signal has aborted', async () => {
    const signal = AbortSignal.abort(new Error('deadline'));
    await expect(staged().read('uploads/ws-1/upl_1', 0, 16, { signal })).rejects.toThrow('deadline');
  });
});
