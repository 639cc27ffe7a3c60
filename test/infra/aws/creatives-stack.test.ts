import { Match } from 'aws-cdk-lib/assertions';
import { manifest } from '../../../infra/manifest';
import { type BuiltStack, buildStack, logicalId, removeBuiltStacks } from './build-stack';
import { allowedActions, environmentOf, resource, roleStatements } from './template-queries';

/** What uploads, the ingest and creatives (issue 15) need, in the stack built from the real manifest. */
let built: BuiltStack;

beforeAll(() => {
  built = buildStack(manifest, { stage: 'dev' });
});

afterAll(removeBuiltStacks);

function ids(name: string) {
  const found = built.stack.functions.get(name);
  if (!found) throw new Error(`no function ${name}`);
  return { fnId: logicalId(found.fn), roleId: logicalId(found.role) };
}
const staging = () => built.stack.buckets.get('staging').bucket;
const ingestQueue = () => built.stack.queues.get('uploadIngest');
const s3Actions = (name: string) =>
  allowedActions(built.template, ids(name).roleId).filter((a) => a.startsWith('s3:'));

describe('creatives in the stack', () => {
  it('routes uploads, creatives and briefs behind the JWT authorizer', () => {
    const routes = Object.values(built.template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties as { RouteKey: string; AuthorizationType?: string },
    );
    const keys = routes.filter((r) => /^\w+ \/(meta\/creatives|creative-briefs)/.test(r.RouteKey));
    expect(keys.map((r) => r.RouteKey).sort()).toEqual([
      'DELETE /creative-briefs/{id}',
      'GET /creative-briefs',
      'GET /creative-briefs/{id}',
      'GET /meta/creatives',
      'GET /meta/creatives/uploads/{id}',
      'POST /creative-briefs',
      'POST /meta/creatives',
      'POST /meta/creatives/uploads',
      'PUT /creative-briefs/{id}',
    ]);
    expect(keys.every((r) => r.AuthorizationType === 'JWT')).toBe(true);
  });

  it('sends the staging bucket’s ObjectCreated events under uploads/ to the ingest queue', () => {
    built.template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: logicalId(staging()) },
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
            QueueArn: { 'Fn::GetAtt': [logicalId(ingestQueue().queue), 'Arn'] },
          },
        ],
      },
    });
    // S3 may send to the queue only for this bucket.
    built.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(ingestQueue().queue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
            Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId(staging()), 'Arn'] } } },
          }),
        ]),
      },
    });
  });

  it('feeds the ingest one message at a time, with a DLQ and a visibility timeout over its timeout', () => {
    built.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: ids('ingest-uploads').fnId },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(ingestQueue().queue), 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const queue = resource(built.template, logicalId(ingestQueue().queue)).Properties ?? {};
    const fn = resource(built.template, ids('ingest-uploads').fnId).Properties ?? {};
    expect(Number(queue.VisibilityTimeout)).toBeGreaterThan(Number(fn.Timeout));
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(ingestQueue().dlq), 'Arn'] },
      maxReceiveCount: 8,
    });
  });

  it('lets the ingest only read staged files, and the upload route only sign uploads (no Meta, no tokens)', () => {
    expect(s3Actions('ingest-uploads').sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(s3Actions('uploads')).toContain('s3:PutObject');
    expect(
      allowedActions(built.template, ids('uploads').roleId).filter((a) => a.startsWith('secretsmanager:')),
    ).toEqual([]);
    expect(environmentOf(built.template, ids('uploads').fnId)).toMatchObject({
      BUCKET_STAGING: { Ref: logicalId(staging()) },
    });
    expect(environmentOf(built.template, ids('ingest-uploads').fnId)).toMatchObject({
      BUCKET_STAGING: { Ref: logicalId(staging()) },
      QUEUE_URL_UPLOAD_INGEST: { Ref: logicalId(ingestQueue().queue) },
    });
    for (const name of ['creatives', 'creative-briefs', 'health']) expect(s3Actions(name)).toEqual([]);
  });

  it('keeps the staging bucket private, encrypted, TLS-only and expiring', () => {
    const props = resource(built.template, logicalId(staging())).Properties ?? {};
    expect(props).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: {
        Rules: [expect.objectContaining({ ExpirationInDays: 7, Status: 'Enabled' })],
      },
    });
    built.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(staging()) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets the creatives function claim idempotency keys and the briefs function never call Meta', () => {
    const put = roleStatements(built.template, ids('creatives').roleId).filter((s) =>
      s.Action.includes('dynamodb:PutItem'),
    );
    expect(put.flatMap((s) => s.Resource)).toEqual(
      expect.arrayContaining([
        { 'Fn::GetAtt': [logicalId(built.stack.tables.get('idempotency').table), 'Arn'] },
      ]),
    );
    expect(
      allowedActions(built.template, ids('creative-briefs').roleId).filter((a) =>
        a.startsWith('secretsmanager:'),
      ),
    ).toEqual([]);
  });
});
