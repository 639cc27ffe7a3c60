import path from 'node:path';
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TOKEN_CONTEXT_KEYS, TOKEN_PURPOSE } from '../../shared/store/envelope/token-context';
import type { FunctionSpec } from '../manifest';
import type { BucketSpec, QueueSpec, SecretSpec, TableSpec } from '../resources';
import { functionBundling } from './function-bundling';
import { wildcardResourceFinding } from './nag-findings';
import { newDeadLetterQueue } from './queues';
import { type DeployStage, stageSettings } from './stage-settings';

/** The repo root: manifest entries are relative to it and its lockfile pins the bundle. */
export const projectRoot = path.resolve(__dirname, '..', '..');

export const DEFAULT_MEMORY_MB = 512;
export const DEFAULT_TIMEOUT_SECONDS = 10;

/** Per-workspace token secrets were created at runtime under this name prefix (DESIGN §6), before the vault. */
export const TOKEN_SECRET_PREFIX = 'meta/token/';

/** Where the token key's ARN reaches a function: config.ts `tokenVault`. */
export const TOKEN_KEY_ENV_VAR = 'TOKEN_KMS_KEY_ARN';

/** Async invokes (S3, schedules) are retried this often before the event goes to the DLQ. */
const ASYNC_RETRY_ATTEMPTS = 2;

const outputFormats = { cjs: OutputFormat.CJS, esm: OutputFormat.ESM } as const;

export interface ManifestFunctionProps {
  spec: FunctionSpec;
  stage: DeployStage;
}

/**
 * One manifest function as a Lambda with the house defaults: Node 22 on ARM64, bundled
 * locally by esbuild with `functionBundling`, X-Ray active, Powertools configured, its own
 * log group with stage retention, and its own role that starts empty: every permission comes
 * from a `use*`/`sendTo`/`readSecret` call that also sets the matching environment variable.
 */
export class ManifestFunction extends Construct {
  readonly spec: FunctionSpec;
  readonly fn: NodejsFunction;
  readonly role: Role;
  /** Catches S3 and schedule events that failed every retry; only for async-invoked functions. */
  readonly asyncDeadLetterQueue?: Queue;

  constructor(scope: Construct, id: string, props: ManifestFunctionProps) {
    super(scope, id);
    const { spec, stage } = props;
    const settings = stageSettings[stage];
    this.spec = spec;

    // An own role instead of the default one: no AWSLambdaBasicExecutionRole managed policy,
    // logs may only go to this function's log group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${spec.name} function`,
    });
    const logGroup = new LogGroup(this, 'Logs', {
      retention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
    });
    logGroup.grantWrite(this.role);

    const asyncInvoked = spec.triggers.some((t) => t.kind === 's3' || t.kind === 'schedule');
    if (asyncInvoked)
      this.asyncDeadLetterQueue = newDeadLetterQueue(this, 'AsyncDlq', {
        removalPolicy: settings.removalPolicy,
      });

    this.fn = new NodejsFunction(this, 'Handler', {
      entry: path.join(projectRoot, spec.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      description: spec.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: Duration.seconds(spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      ...(spec.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: spec.reservedConcurrency }),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup,
      environment: {
        STAGE: stage,
        POWERTOOLS_SERVICE_NAME: 'meta-ads',
        POWERTOOLS_METRICS_NAMESPACE: 'MetaAds',
        POWERTOOLS_LOG_LEVEL: settings.powertoolsLogLevel,
        // Events and responses can carry tokens; never copy them into logs or traces.
        POWERTOOLS_LOGGER_LOG_EVENT: 'false',
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
      },
      bundling: {
        forceDockerBundling: false,
        target: functionBundling.target,
        format: outputFormats[functionBundling.format],
        minify: functionBundling.minify,
        sourceMap: functionBundling.sourcemap,
        sourcesContent: functionBundling.sourcesContent,
        mainFields: [...functionBundling.mainFields],
        externalModules: [...functionBundling.external],
        inject: functionBundling.inject.map((file) => path.join(projectRoot, file)),
        esbuildArgs: {
          '--alias': Object.entries(functionBundling.alias).map(([name, module]) => `${name}=${module}`),
        },
      },
      ...(this.asyncDeadLetterQueue
        ? {
            deadLetterQueue: this.asyncDeadLetterQueue,
            retryAttempts: ASYNC_RETRY_ATTEMPTS,
            maxEventAge: settings.asyncMaxEventAge,
          }
        : {}),
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray statement (xray:PutTraceSegments, xray:PutTelemetryRecords) that active ' +
        'tracing adds uses "*": X-Ray has no resource-level permissions. Every other statement of ' +
        'this role names its resource (asserted by test/infra).',
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: the bundles target node22 and the toolchain, middy 6 and ' +
        'the local runtime are verified on it; moving to a newer runtime is a tested change.',
    });
  }

  /** Reads (or reads and writes) a table; its name goes to `spec.envVar`. */
  useTable(table: ITable, spec: TableSpec, mode: 'read' | 'readWrite'): void {
    if (mode === 'read') table.grantReadData(this.fn);
    else table.grantReadWriteData(this.fn);
    this.fn.addEnvironment(spec.envVar, table.tableName);
  }

  /** Sends to a queue; its URL goes to `spec.envVar`. */
  sendTo(queue: IQueue, spec: QueueSpec): void {
    queue.grantSendMessages(this.fn);
    this.fn.addEnvironment(spec.envVar, queue.queueUrl);
  }

  /**
   * Reads (or reads, writes and deletes) the objects of a bucket; its name goes to
   * `spec.envVar`. Object actions are listed one by one instead of the `s3:*Object*` wildcards
   * of `bucket.grantRead`, so the role can do exactly what the mode says.
   */
  useBucket(bucket: IBucket, spec: BucketSpec, mode: 'read' | 'readWrite'): void {
    const objectActions =
      mode === 'read'
        ? ['s3:GetObject']
        : ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'];
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: objectActions, resources: [bucket.arnForObjects('*')] }),
    );
    // Without ListBucket a missing key answers 403 instead of 404.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );
    this.fn.addEnvironment(spec.envVar, bucket.bucketName);
    Validations.of(this.role).acknowledge({
      id: wildcardResourceFinding(this.role, bucket.arnForObjects('*')),
      reason:
        'Object keys are chosen at runtime (one per upload, prefixed by workspace); the grant ' +
        `is limited to the objects of this one bucket and to the ${mode} actions.`,
    });
  }

  /** Reads a secret; its ARN goes to `spec.envVar`. */
  readSecret(secret: ISecret, spec: SecretSpec): void {
    secret.grantRead(this.fn);
    this.fn.addEnvironment(spec.envVar, secret.secretArn);
  }

  /**
   * Reads (`read`) or also stores and deletes (`manage`) the Meta access tokens, and nothing
   * else. They are sealed with the stack's token key (shared/store/envelope): `kms:Decrypt`
   * for every mode, `kms:GenerateDataKey` only to store, both only under the token encryption
   * context (exactly its keys, a workspace named, the token purpose), so the key serves
   * nothing else. Secrets Manager stays for the tokens stored as secrets before the vault
   * (`meta/token/*`): read while they last, and deleted by the refresh that moves them and by
   * a disconnect; nothing creates one any more.
   */
  useTokenSecrets(mode: 'read' | 'manage', tokenKey: IKey): void {
    const context = {
      'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': [...TOKEN_CONTEXT_KEYS] },
      StringEquals: { 'kms:EncryptionContext:purpose': TOKEN_PURPOSE },
      Null: { 'kms:EncryptionContext:workspaceId': 'false', 'kms:EncryptionContext:tokenId': 'false' },
    };
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['kms:Decrypt'], resources: [tokenKey.keyArn], conditions: context }),
    );
    if (mode === 'manage')
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['kms:GenerateDataKey'],
          resources: [tokenKey.keyArn],
          conditions: context,
        }),
      );
    this.fn.addEnvironment(TOKEN_KEY_ENV_VAR, tokenKey.keyArn);

    const tokenSecrets = Stack.of(this).formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: `${TOKEN_SECRET_PREFIX}*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions:
          mode === 'read'
            ? ['secretsmanager:GetSecretValue']
            : ['secretsmanager:GetSecretValue', 'secretsmanager:DeleteSecret'],
        resources: [tokenSecrets],
      }),
    );
    Validations.of(this.role).acknowledge({
      id: wildcardResourceFinding(this.role, tokenSecrets),
      reason:
        `Token secrets from before the envelope vault were created at runtime, one per workspace ` +
        `and Meta user, under the name prefix ${TOKEN_SECRET_PREFIX}; the grant covers that prefix ` +
        'only, to read them and (manage) delete them while the hourly refresh moves them into the vault.',
    });
  }
}
