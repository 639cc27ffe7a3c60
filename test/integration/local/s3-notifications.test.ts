import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { LocalRuntime } from '../../../infra/local/runtime';
import { manifest } from '../../../infra/manifest';
import { startTestRuntime } from '../support/runtime';

/**
 * The local stand-in for S3 → SQS event notifications: an object created under the staging
 * bucket's `uploads/` lands on the ingest queue as S3's JSON. The manifest here has no
 * consumer of that queue, so the test reads the message itself.
 */
describe('S3 ObjectCreated → queue, locally', () => {
  let rt: LocalRuntime;
  let s3: S3Client;

  beforeAll(async () => {
    rt = await startTestRuntime({ manifest: { ...manifest, functions: [] } });
    s3 = new S3Client({ forcePathStyle: true });
  });

  afterAll(async () => {
    s3.destroy();
    await rt.stop();
  });

  async function receiveAll(): Promise<unknown[]> {
    const queueUrl = rt.queueUrls.uploadIngest?.url;
    const out = await rt.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    return (out.Messages ?? []).map((m) => JSON.parse(m.Body ?? 'null'));
  }

  it('queues one S3 event per object created under the prefix, with its key and size', async () => {
    const bucket = rt.env.BUCKET_STAGING;
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'uploads/ws_1/upl_0123456789abcdef01234567',
        Body: 'x'.repeat(42),
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'elsewhere/file', Body: 'y' }));
    const messages = await receiveAll();
    expect(messages).toEqual([
      {
        Records: [
          expect.objectContaining({
            eventName: 'ObjectCreated:Put',
            s3: expect.objectContaining({
              bucket: expect.objectContaining({ name: bucket }),
              object: expect.objectContaining({ key: 'uploads/ws_1/upl_0123456789abcdef01234567', size: 42 }),
            }),
          }),
        ],
      },
    ]);
  });
});
