import { Match, type Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS } from '../../../infra/aws/manifest-function';
import { isPublicFunction, type Manifest, manifest as realManifest } from '../../../infra/manifest';
import { fixtureManifest } from '../fixture-manifest';
import { type BuiltStack, buildStack, logicalId, removeBuiltStacks } from './build-stack';
import { allowedActions, environmentOf, resource, roleStatements } from './template-queries';

const issuer = 'https://issuer.test/';
const audience = 'dashboard-test';
const dashboardUrl = 'https://dashboard.test';

let built: BuiltStack;

beforeAll(() => {
  built = buildStack(fixtureManifest, {
    stage: 'dev',
    jwtIssuer: issuer,
    jwtAudience: audience,
    dashboardUrl,
  });
});

afterAll(removeBuiltStacks);

function fn(name: string) {
  const found = built.stack.functions.get(name);
  if (!found) throw new Error(`no function ${name}`);
  return { fnId: logicalId(found.fn), roleId: logicalId(found.role), construct: found };
}

const tableId = (name: string) => logicalId(built.stack.tables.get(name).table);
const queueId = (name: string) => logicalId(built.stack.queues.get(name).queue);
const dlqId = (name: string) => logicalId(built.stack.queues.get(name).dlq);
const bucketId = (name: string) => logicalId(built.stack.buckets.get(name).bucket);
const secretId = (name: string) => logicalId(built.stack.secrets.get(name).secret);

describe('HTTP API', () => {
  it('is one HTTP API with CORS for the dashboard origin only', () => {
    built.template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    built.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowOrigins: [dashboardUrl],
        AllowHeaders: Match.arrayWith(['authorization', 'idempotency-key']),
      }),
    });
  });

  it('has a JWT authorizer with the configured issuer and audience', () => {
    built.template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    built.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: issuer, Audience: [audience] },
    });
  });

  it('puts the authorizer on every jwt route and on no public route', () => {
    const routes = built.template.findResources('AWS::ApiGatewayV2::Route');
    const byKey = new Map(
      Object.values(routes).map((r) => [
        r.Properties.RouteKey as string,
        r.Properties as Record<string, unknown>,
      ]),
    );
    const expected = fixtureManifest.functions.flatMap((f) =>
      f.triggers.flatMap((t) => (t.kind === 'http' ? [{ key: `${t.method} ${t.path}`, auth: t.auth }] : [])),
    );
    expect([...byKey.keys()].sort()).toEqual(expected.map((e) => e.key).sort());
    for (const { key, auth } of expected) {
      const route = byKey.get(key);
      if (auth === 'jwt') {
        expect(route).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: expect.anything() });
      } else {
        expect(route).toMatchObject({ AuthorizationType: 'NONE' });
        expect(route).not.toHaveProperty('AuthorizerId');
      }
    }
  });

  it('routes each path to the function that serves it', () => {
    const integrations = built.template.findResources('AWS::ApiGatewayV2::Integration');
    const targets = Object.values(integrations).map((i) => JSON.stringify(i.Properties.IntegrationUri));
    for (const name of ['health', 'list-things', 'connect', 'upload-uploader'])
      expect(targets).toContain(JSON.stringify({ 'Fn::GetAtt': [fn(name).fnId, 'Arn'] }));
    // list-things serves two routes through one integration.
    expect(targets).toHaveLength(4);
  });

  it('has a $default stage with access logs and throttling', () => {
    built.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });
});

describe('functions', () => {
  it('creates one Lambda per manifest function with the house defaults', () => {
    for (const spec of fixtureManifest.functions) {
      const props = resource(built.template, fn(spec.name).fnId).Properties;
      expect(props).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: spec.memoryMb ?? DEFAULT_MEMORY_MB,
        Timeout: spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
        Description: spec.description,
      });
    }
  });

  it('uses the memory and timeout defaults 512 MB / 10 s', () => {
    expect([DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS]).toEqual([512, 10]);
    expect(resource(built.template, fn('connect').fnId).Properties).toMatchObject({
      MemorySize: 512,
      Timeout: 10,
    });
    expect(resource(built.template, fn('worker').fnId).Properties).toMatchObject({
      MemorySize: 1024,
      Timeout: 30,
    });
  });

  it('passes the stage and the Powertools settings to every function', () => {
    for (const spec of fixtureManifest.functions) {
      const environment = environmentOf(built.template, fn(spec.name).fnId);
      expect(environment).toMatchObject({
        STAGE: 'dev',
        POWERTOOLS_SERVICE_NAME: 'meta-ads',
        POWERTOOLS_METRICS_NAMESPACE: 'MetaAds',
        POWERTOOLS_LOG_LEVEL: 'DEBUG',
        POWERTOOLS_LOGGER_LOG_EVENT: 'false',
      });
      // No --enable-source-maps (it parses the source map at init): the bundle maps stacks lazily.
      expect(environment).not.toHaveProperty('NODE_OPTIONS');
    }
  });

  it('gives each function its own log group with the stage retention', () => {
    for (const spec of fixtureManifest.functions) {
      const props = resource(built.template, fn(spec.name).fnId).Properties as {
        LoggingConfig: { LogGroup: { Ref: string } };
      };
      expect(resource(built.template, props.LoggingConfig.LogGroup.Ref)).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 7 },
      });
    }
  });

  it('gives each function its own role with no managed policies', () => {
    for (const spec of fixtureManifest.functions) {
      const { fnId, roleId } = fn(spec.name);
      expect(resource(built.template, fnId).Properties?.Role).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
      expect(resource(built.template, roleId).Properties).not.toHaveProperty('ManagedPolicyArns');
    }
  });
});

describe('reserved concurrency', () => {
  const reservedOf = (template: Template, fnId: string) =>
    resource(template, fnId).Properties?.ReservedConcurrentExecutions;

  it('sets the spec reserved concurrency, and leaves the others on the shared pool', () => {
    expect(reservedOf(built.template, fn('meta-webhook').fnId)).toBe(50);
    expect(reservedOf(built.template, fn('health').fnId)).toBe(5);
    expect(reservedOf(built.template, fn('worker').fnId)).toBeUndefined();
  });

  it('bounds the webhook receiver, the OAuth callback and every other public function of the real manifest', () => {
    const real = buildStack(realManifest, {
      stage: 'dev',
      jwtIssuer: issuer,
      jwtAudience: audience,
      dashboardUrl,
    });
    const idOf = (name: string) => {
      const found = real.stack.functions.get(name);
      if (!found) throw new Error(`no function ${name}`);
      return logicalId(found.fn);
    };
    expect(reservedOf(real.template, idOf('webhook-receive'))).toBe(50);
    expect(reservedOf(real.template, idOf('callback'))).toBe(10);
    // Public = a Function URL or an `auth: 'public'` route; /health, /openapi.json and the
    // OAuth protected-resource document are too.
    const publicNames = realManifest.functions.filter(isPublicFunction).map((f) => f.name);
    expect(publicNames).toEqual(
      expect.arrayContaining(['webhook-receive', 'callback', 'health', 'openapi', 'protected-resource']),
    );
    const unbounded = publicNames.filter((name) => typeof reservedOf(real.template, idOf(name)) !== 'number');
    expect(unbounded).toEqual([]);
  });
});

describe('function URL', () => {
  it('exposes only the functionUrl function, without IAM auth (Meta signs its webhooks)', () => {
    built.template.resourceCountIs('AWS::Lambda::Url', 1);
    built.template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [fn('meta-webhook').fnId, 'Arn'] },
    });
    // Lambda now also wants lambda:InvokeFunction for URL callers, not just InvokeFunctionUrl.
    built.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fn('meta-webhook').fnId, 'Arn'] },
      Principal: '*',
      InvokedViaFunctionUrl: true,
    });
    const outputs = Object.keys(built.template.findOutputs('*'));
    expect(outputs.filter((o) => o.includes('MetaWebhookUrl'))).toHaveLength(1);
  });
});

describe('queues', () => {
  it('gives every manifest queue a DLQ, the spec visibility timeout and maxReceiveCount', () => {
    for (const [name, spec] of Object.entries(fixtureManifest.queues)) {
      expect(resource(built.template, queueId(name)).Properties).toMatchObject({
        VisibilityTimeout: spec.visibilityTimeoutSeconds,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [dlqId(name), 'Arn'] },
          maxReceiveCount: spec.maxReceiveCount,
        },
      });
      expect(resource(built.template, dlqId(name)).Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
    }
  });

  it('denies non-TLS access to every queue', () => {
    const queues = Object.keys(built.template.findResources('AWS::SQS::Queue'));
    const policies = Object.values(built.template.findResources('AWS::SQS::QueuePolicy'));
    for (const queue of queues) {
      const policy = policies.find((p) =>
        (p.Properties.Queues as unknown[]).some((q) => JSON.stringify(q) === JSON.stringify({ Ref: queue })),
      );
      expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('feeds the consumer with partial batch responses and the trigger batch size', () => {
    built.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    built.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId('work'), 'Arn'] },
      FunctionName: { Ref: fn('worker').fnId },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('lets the consumer receive and delete on its queue only', () => {
    const consume = roleStatements(built.template, fn('worker').roleId).filter((s) =>
      s.Action.includes('sqs:DeleteMessage'),
    );
    expect(consume).toHaveLength(1);
    expect(consume[0]?.Resource).toEqual([{ 'Fn::GetAtt': [queueId('work'), 'Arn'] }]);
  });
});

describe('schedules', () => {
  it('fires the schedule function from an EventBridge rule', () => {
    built.template.resourceCountIs('AWS::Events::Rule', 1);
    built.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fn('ticker').fnId, 'Arn'] } })],
    });
  });

  it('sends async events (schedule, S3) that fail every retry to a per-function DLQ', () => {
    for (const name of ['ticker', 'upload-checker']) {
      const { fnId, construct } = fn(name);
      const dlq = construct.asyncDeadLetterQueue;
      if (!dlq) throw new Error(`${name} has no async DLQ`);
      expect(resource(built.template, fnId).Properties?.DeadLetterConfig).toEqual({
        TargetArn: { 'Fn::GetAtt': [logicalId(dlq), 'Arn'] },
      });
      built.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fnId },
        MaximumRetryAttempts: 2,
      });
    }
    expect(fn('health').construct.asyncDeadLetterQueue).toBeUndefined();
    expect(resource(built.template, fn('worker').fnId).Properties).not.toHaveProperty('DeadLetterConfig');
  });
});

describe('tables', () => {
  it('are on demand with point-in-time recovery and the spec keys', () => {
    for (const [name, spec] of Object.entries(fixtureManifest.tables)) {
      const keySchema = [{ AttributeName: spec.partitionKey, KeyType: 'HASH' }];
      if (spec.sortKey) keySchema.push({ AttributeName: spec.sortKey, KeyType: 'RANGE' });
      expect(resource(built.template, tableId(name)).Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        KeySchema: keySchema,
      });
    }
  });

  it('enable TTL on the attribute the spec names, and only there', () => {
    expect(resource(built.template, tableId('app')).Properties?.TimeToLiveSpecification).toEqual({
      AttributeName: 'ttl',
      Enabled: true,
    });
    expect(resource(built.template, tableId('metrics')).Properties).not.toHaveProperty(
      'TimeToLiveSpecification',
    );
  });
});

describe('staging bucket', () => {
  const staging = () => resource(built.template, bucketId('staging')).Properties;

  it('is private and encrypted', () => {
    expect(staging()).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.any(String) }, LogFilePrefix: 'staging/' },
    });
  });

  it('expires objects after the spec days', () => {
    expect(staging()?.LifecycleConfiguration).toEqual({
      Rules: [expect.objectContaining({ ExpirationInDays: 7, Status: 'Enabled' })],
    });
  });

  it('accepts presigned POST uploads from the dashboard origin only', () => {
    expect(staging()?.CorsConfiguration).toEqual({
      CorsRules: [expect.objectContaining({ AllowedMethods: ['POST'], AllowedOrigins: [dashboardUrl] })],
    });
  });

  it('denies non-TLS requests', () => {
    built.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId('staging') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('invokes the s3 trigger function for objects created under its prefix', () => {
    built.template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: bucketId('staging') },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
            LambdaFunctionArn: { 'Fn::GetAtt': [fn('upload-checker').fnId, 'Arn'] },
          },
        ],
      },
    });
  });
});

describe('secrets', () => {
  it('creates one secret per manifest entry', () => {
    built.template.resourceCountIs(
      'AWS::SecretsManager::Secret',
      Object.keys(fixtureManifest.secrets).length,
    );
    for (const [name, spec] of Object.entries(fixtureManifest.secrets))
      expect(resource(built.template, secretId(name)).Properties).toMatchObject({
        Description: spec.description,
      });
  });

  it('puts a secret ARN only into the functions that list it, with read access', () => {
    expect(environmentOf(built.template, fn('connect').fnId).META_APP_SECRET_ARN).toEqual({
      Ref: secretId('metaApp'),
    });
    expect(environmentOf(built.template, fn('meta-webhook').fnId).META_WEBHOOK_KEYS_SECRET_ARN).toEqual({
      Ref: secretId('webhookKeys'),
    });
    expect(environmentOf(built.template, fn('meta-webhook').fnId)).not.toHaveProperty('META_APP_SECRET_ARN');
    expect(environmentOf(built.template, fn('health').fnId)).not.toHaveProperty('META_APP_SECRET_ARN');
    const read = roleStatements(built.template, fn('connect').roleId).find((s) =>
      s.Action.includes('secretsmanager:DescribeSecret'),
    );
    expect(read).toMatchObject({
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
    });
    expect(read?.Resource).toEqual([{ Ref: secretId('metaApp') }]);
  });

  it('lets only tokenSecrets functions touch the token secrets of before the vault, only under meta/token/, to read and (manage) delete them', () => {
    const tokenStatement = (name: string) =>
      roleStatements(built.template, fn(name).roleId).find((s) =>
        JSON.stringify(s.Resource).includes(':secret:meta/token/*'),
      );
    const manage = tokenStatement('connect');
    // New tokens are sealed with the token key (token-key-stack.test.ts): none is created here.
    expect([manage?.Action].flat().sort()).toEqual([
      'secretsmanager:DeleteSecret',
      'secretsmanager:GetSecretValue',
    ]);
    expect([tokenStatement('worker')?.Action].flat()).toEqual(['secretsmanager:GetSecretValue']);
    for (const spec of fixtureManifest.functions.filter((f) => !f.access.tokenSecrets)) {
      expect(tokenStatement(spec.name)).toBeUndefined();
      expect(allowedActions(built.template, fn(spec.name).roleId)).not.toContain(
        'secretsmanager:CreateSecret',
      );
    }
  });
});

describe('least privilege', () => {
  it('gives a function without access nothing but its logs and X-Ray', () => {
    expect(allowedActions(built.template, fn('health').roleId).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('gives no DynamoDB action to functions without table access', () => {
    for (const spec of fixtureManifest.functions.filter((f) => !f.access.tables?.length))
      expect(
        allowedActions(built.template, fn(spec.name).roleId).filter((a) => a.startsWith('dynamodb:')),
      ).toEqual([]);
  });

  it('grants read-only table access for mode read and writes for readWrite', () => {
    const reader = roleStatements(built.template, fn('list-things').roleId).filter((s) =>
      s.Action.some((a) => a.startsWith('dynamodb:')),
    );
    expect(reader).toHaveLength(1);
    expect(reader[0]?.Action).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(reader[0]?.Action).not.toContain('dynamodb:PutItem');
    expect(reader[0]?.Resource).toEqual([{ 'Fn::GetAtt': [tableId('app'), 'Arn'] }]);

    const writer = roleStatements(built.template, fn('worker').roleId).filter((s) =>
      s.Action.includes('dynamodb:PutItem'),
    );
    expect(writer.flatMap((s) => s.Resource)).toEqual(
      expect.arrayContaining([
        { 'Fn::GetAtt': [tableId('app'), 'Arn'] },
        { 'Fn::GetAtt': [tableId('metrics'), 'Arn'] },
      ]),
    );
  });

  it('grants SendMessage only on the queues a function sends to', () => {
    const send = roleStatements(built.template, fn('meta-webhook').roleId).filter((s) =>
      s.Action.includes('sqs:SendMessage'),
    );
    expect(send.flatMap((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [queueId('events'), 'Arn'] }]);
    expect(allowedActions(built.template, fn('health').roleId)).not.toContain('sqs:SendMessage');
  });

  it('grants object reads for mode read and writes only for readWrite', () => {
    const checker = allowedActions(built.template, fn('upload-checker').roleId).filter((a) =>
      a.startsWith('s3:'),
    );
    expect(checker.sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    const uploader = allowedActions(built.template, fn('upload-uploader').roleId).filter((a) =>
      a.startsWith('s3:'),
    );
    expect(uploader.sort()).toEqual([
      's3:AbortMultipartUpload',
      's3:DeleteObject',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
    for (const name of ['health', 'connect', 'worker'])
      expect(allowedActions(built.template, fn(name).roleId).filter((a) => a.startsWith('s3:'))).toEqual([]);
  });

  it('uses "*" as a resource only for X-Ray, which has no resource-level permissions', () => {
    for (const spec of fixtureManifest.functions) {
      const wildcard = roleStatements(built.template, fn(spec.name).roleId).filter((s) =>
        s.Resource.includes('*'),
      );
      expect(wildcard.flatMap((s) => s.Action).sort()).toEqual([
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
    }
  });

  it('sets the env var of every resource a function may use, and no other', () => {
    expect(environmentOf(built.template, fn('list-things').fnId).TABLE_APP).toEqual({ Ref: tableId('app') });
    expect(environmentOf(built.template, fn('list-things').fnId)).not.toHaveProperty('TABLE_METRICS');
    expect(environmentOf(built.template, fn('worker').fnId)).toMatchObject({
      TABLE_APP: { Ref: tableId('app') },
      TABLE_METRICS: { Ref: tableId('metrics') },
      QUEUE_URL_WORK: { Ref: queueId('work') },
    });
    expect(environmentOf(built.template, fn('meta-webhook').fnId).QUEUE_URL_EVENTS).toEqual({
      Ref: queueId('events'),
    });
    expect(environmentOf(built.template, fn('upload-uploader').fnId).BUCKET_STAGING).toEqual({
      Ref: bucketId('staging'),
    });
    expect(environmentOf(built.template, fn('connect').fnId).DASHBOARD_URL).toBe(dashboardUrl);
    // The OAuth redirect_uri's origin is the HTTP API's own endpoint, never a request header.
    expect(environmentOf(built.template, fn('connect').fnId).API_BASE_URL).toEqual({
      'Fn::GetAtt': [logicalId(built.stack.api.api), 'ApiEndpoint'],
    });
    const healthEnv = Object.keys(environmentOf(built.template, fn('health').fnId));
    expect(
      healthEnv.filter((k) => /^(TABLE_|QUEUE_URL_|BUCKET_|META_|DASHBOARD_URL|API_BASE_URL)/.test(k)),
    ).toEqual([]);
  });

  it('takes API_BASE_URL from apiBaseUrl when a custom domain fronts the API', () => {
    const custom = buildStack(fixtureManifest, { stage: 'dev', apiBaseUrl: 'https://api.ads.test' });
    const found = custom.stack.functions.get('connect');
    if (!found) throw new Error('no function connect');
    expect(environmentOf(custom.template, logicalId(found.fn)).API_BASE_URL).toBe('https://api.ads.test');
  });
});

describe('alarms', () => {
  const alarms = () => Object.values(built.template.findResources('AWS::CloudWatch::Alarm'));

  it('watches every DLQ for any visible message', () => {
    const dlqs = [
      ...Object.keys(fixtureManifest.queues).map(dlqId),
      ...['ticker', 'upload-checker'].map((name) => {
        const dlq = fn(name).construct.asyncDeadLetterQueue;
        if (!dlq) throw new Error(`${name} has no async DLQ`);
        return logicalId(dlq);
      }),
    ];
    const depthAlarms = alarms().filter(
      (a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
    );
    expect(depthAlarms).toHaveLength(dlqs.length);
    for (const dlq of dlqs)
      expect(depthAlarms).toContainEqual(
        expect.objectContaining({
          Properties: expect.objectContaining({
            Namespace: 'AWS/SQS',
            Threshold: 0,
            ComparisonOperator: 'GreaterThanThreshold',
            Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
          }),
        }),
      );
  });

  it('watches every function for errors', () => {
    const errorAlarms = alarms().filter((a) => a.Properties.MetricName === 'Errors');
    expect(errorAlarms).toHaveLength(fixtureManifest.functions.length);
    for (const spec of fixtureManifest.functions)
      expect(errorAlarms).toContainEqual(
        expect.objectContaining({
          Properties: expect.objectContaining({
            Namespace: 'AWS/Lambda',
            Threshold: 0,
            ComparisonOperator: 'GreaterThanThreshold',
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn(spec.name).fnId } }],
          }),
        }),
      );
  });
});

const base: Manifest = { ...fixtureManifest, functions: [] };

describe('the stack refuses a manifest AWS would reject later', () => {
  it('throws on names the manifest does not define', () => {
    const manifest: Manifest = {
      ...base,
      functions: [
        {
          name: 'orphan',
          entry: 'functions/platform/health.ts',
          description: 'sends to a queue that does not exist',
          triggers: [],
          access: { sendTo: ['missing'] },
        },
      ],
    };
    expect(() => buildStack(manifest)).toThrow(
      'The manifest is inconsistent:\n- orphan: unknown queue missing',
    );
  });

  it('throws when a consumer may run longer than its queue hides a message', () => {
    const manifest: Manifest = {
      ...base,
      functions: [
        {
          name: 'slow-consumer',
          entry: 'functions/platform/health.ts',
          description: 'runs past the visibility timeout of events (60 s)',
          triggers: [{ kind: 'queue', queue: 'events', batchSize: 10 }],
          timeoutSeconds: 90,
          access: {},
        },
      ],
    };
    expect(() => buildStack(manifest)).toThrow(
      /timeout 90s exceeds the visibility timeout of queue events \(60s\)/,
    );
  });
});
