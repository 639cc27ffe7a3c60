import { S3Client } from '@aws-sdk/client-s3';
import { S3UploadSigner } from '../../../shared/store/s3/upload-signer';

/** s3rver ignores POST policies, so the policy S3 will enforce is read here, as S3 would. */
describe('S3UploadSigner', () => {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: 'https://s3.us-east-1.amazonaws.com',
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example-secret' },
  });

  afterAll(() => client.destroy());

  it('admits one key, one content type and exactly the declared size, until it expires', async () => {
    const before = Date.now();
    const signed = await new S3UploadSigner('staging-bucket', client).sign({
      key: 'uploads/ws_1/upl_0123456789abcdef01234567',
      contentType: 'image/png',
      size: 2_000_000,
      expiresInSeconds: 3600,
    });
    expect(signed.url).toContain('staging-bucket');
    expect(signed.fields).toMatchObject({
      key: 'uploads/ws_1/upl_0123456789abcdef01234567',
      'Content-Type': 'image/png',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    });
    const policy = JSON.parse(Buffer.from(signed.fields.Policy ?? '', 'base64').toString('utf8')) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 2_000_000, 2_000_000],
        ['eq', '$Content-Type', 'image/png'],
        { bucket: 'staging-bucket' },
        { key: 'uploads/ws_1/upl_0123456789abcdef01234567' },
      ]),
    );
    const expiresInMs = Date.parse(policy.expiration) - before;
    expect(expiresInMs).toBeGreaterThan(3590_000);
    expect(expiresInMs).toBeLessThanOrEqual(3601_000);
    // The signature is over the policy: the secret itself never leaves the signer.
    expect(JSON.stringify(signed)).not.toContain('example-secret');
  });
});
