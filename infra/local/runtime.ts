import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { withoutSdkLogging } from '../../shared/store/aws-clients';
import { manifest as defaultManifest, type FunctionSpec, type Manifest } from '../manifest';
import { consoleRoute } from './console-route';
import { controlRoutes } from './control-routes';
import { ensureTables, startDynamoDbLocal } from './dynamodb';
import { Gateway, type LocalRoute } from './gateway';
import { Invoker } from './invoker';
import { devToken } from './jwt';
import { LOCAL_REGION, localCredentials } from './local-aws';
import { type MetaSimulator, startMetaSimulator } from './meta-simulator';
import { QueueRunner } from './queue-runner';
import { type LocalS3Event, startLocalS3 } from './s3';
import { objectCreatedForwarder } from './s3-notifications';
import { Scheduler } from './scheduler';
import { startSecretsService } from './secrets-service';
import { ensureQueues, startLocalSqs } from './sqs';

export interface LocalRuntimeOptions {
  /** Gateway port; 0 picks a free one. */
  port: number;
  /** Where the handlers' files are (the repo root). */
  rootDir: string;
  /** Persist state here; omitted = everything in memory / temp and gone at stop. */
  dataDir?: string;
  manifest?: Manifest;
  /** Reuse a running DynamoDB Local (the test suite shares one). */
  dynamoEndpoint?: string;
  /** Talk to this Graph API instead of starting the simulator. */
  metaGraphUrl?: string;
  /** The simulator's seed file (`{scenario?, faults?, latencyMs?}`); the dev scenario without it. */
  simulatorSeedFile?: string;
  /** The simulator gives every ad account a month of Insights history (`npm start`). @default false */
  simulatorInsightsHistory?: boolean;
  /** Extra or overriding environment for the handlers. */
  env?: Record<string, string>;
  localRoutes?: LocalRoute[];
  log?: (line: Record<string, unknown>) => void;
  /** Told of every finished invocation (the cost bench meters Lambda with it). */
  onInvoked?: (invocation: FinishedInvocation) => void;
}

/** One handler run as Lambda would bill it: which function, for what event, how long. */
export interface FinishedInvocation {
  fn: FunctionSpec;
  event: unknown;
  durationMs: number;
}

export interface LocalRuntime {
  url: string;
  jwtSecret: string;
  /** The environment the handlers see. */
  env: Record<string, string>;
  simulator: MetaSimulator | undefined;
  queueUrls: Record<string, { url: string; dlqUrl: string }>;
  sqs: SQSClient;
  dynamo: DynamoDBClient;
  token(claims?: Parameters<typeof devToken>[1]): string;
  fireSchedule(name: string): Promise<unknown>;
  /** Resolves when no queue holds work and no consumer runs. */
  idle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole system in this process, built from the manifest: DynamoDB Local, s3rver, SQS
 * and Secrets Manager stand-ins speaking the AWS protocols (no KMS: tokens are sealed with
 * the same Encryption SDK on a raw AES key), the Meta simulator, the queue
 * runner, the scheduler and the HTTP gateway. Handlers run with the same adapters as in AWS,
 * pointed at the local endpoints through the standard `AWS_ENDPOINT_URL_*` variables.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const m = options.manifest ?? defaultManifest;
  const log = options.log ?? (() => undefined);
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };

  try {
    const prefix = dataDir ? 'local-' : `run-${randomBytes(4).toString('hex')}-`;
    const jwtSecret = options.env?.LOCAL_JWT_SECRET ?? persistentSecret(dataDir, 'jwt-secret');

    let dynamoEndpoint = options.dynamoEndpoint;
    if (!dynamoEndpoint) {
      const dynamoDb = await startDynamoDbLocal(dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {});
      stops.push(dynamoDb.stop);
      dynamoEndpoint = dynamoDb.endpoint;
    }
    const dynamo = new DynamoDBClient({
      endpoint: dynamoEndpoint,
      region: LOCAL_REGION,
      credentials: localCredentials,
    });
    stops.push(async () => dynamo.destroy());
    const tableEnv = await ensureTables(dynamo, m.tables, prefix);

    const bucketNames = Object.fromEntries(
      Object.keys(m.buckets).map((key) => [key, `${prefix}${key}`.toLowerCase()]),
    );
    // S3 → SQS notifications need the queues, which start after s3rver: events wait for them.
    let forwardS3Event: (event: LocalS3Event) => void = () => undefined;
    const s3 = await startLocalS3({
      ...(dataDir ? { dataDir: join(dataDir, 's3') } : {}),
      buckets: Object.values(bucketNames),
      onEvent: (event) => forwardS3Event(event),
    });
    stops.push(s3.stop);

    const sqsServer = await startLocalSqs();
    stops.push(sqsServer.stop);
    // The queue runner polls all the time: no SDK logging work on each receive.
    const sqs = withoutSdkLogging(
      new SQSClient({
        endpoint: sqsServer.endpoint,
        region: LOCAL_REGION,
        credentials: localCredentials,
      }),
    );
    stops.push(async () => sqs.destroy());
    const queues = await ensureQueues(sqs, m.queues, prefix);
    forwardS3Event = objectCreatedForwarder(m, bucketNames, queues, sqs, log);

    const secretsService = await startSecretsService(
      dataDir ? { dataFile: join(dataDir, 'secrets.json') } : {},
    );
    stops.push(secretsService.stop);

    let simulator: MetaSimulator | undefined;
    if (!options.metaGraphUrl) {
      simulator = await startMetaSimulator({
        ...(options.simulatorSeedFile ? { seedFile: options.simulatorSeedFile } : {}),
        ...(options.simulatorInsightsHistory ? { insightsHistory: true } : {}),
        // Tokens the app stored in .local/ stay valid at the simulator across restarts.
        ...(dataDir ? { stateFile: join(dataDir, 'meta-simulator.json') } : {}),
      });
      stops.push(() => (simulator as MetaSimulator).close());
    }
    const graphUrl = options.metaGraphUrl ?? (simulator as MetaSimulator).url;

    const env: Record<string, string> = {
      STAGE: 'local',
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SQS: sqsServer.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsService.endpoint,
      AWS_S3_FORCE_PATH_STYLE: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Locally, EMF metric lines and per-invocation INFO logs would drown the console.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      META_GRAPH_URL: graphUrl,
      META_DIALOG_URL: graphUrl,
      LOCAL_JWT_SECRET: jwtSecret,
      META_WEBHOOK_VERIFY_TOKEN: persistentSecret(dataDir, 'webhook-verify-token'),
      // The raw AES-256 key that seals access tokens locally (KMS in AWS): kept with the
      // tables in .local/, so stored tokens outlive a restart; in memory when ephemeral.
      TOKEN_LOCAL_AES_KEY: Buffer.from(persistentSecret(dataDir, 'token-key'), 'hex').toString('base64'),
      ...tableEnv,
      ...Object.fromEntries(
        Object.entries(m.queues).map(([key, spec]) => [spec.envVar, queues[key]?.url ?? '']),
      ),
      ...Object.fromEntries(
        Object.entries(m.buckets).map(([key, spec]) => [spec.envVar, bucketNames[key] ?? '']),
      ),
    };
    if (simulator) {
      env.META_APP_ID = simulator.appId;
      env.META_APP_SECRET = simulator.appSecret;
      // Meta signs webhooks with the app secret.
      env.META_WEBHOOK_SIGNING_KEY_CURRENT = simulator.appSecret;
    }
    Object.assign(env, options.env ?? {});
    // Handlers run in this process, so their environment is this process's.
    Object.assign(process.env, env);

    const invoker = new Invoker(options.rootDir);
    const onInvoked = options.onInvoked;
    const invoke = onInvoked
      ? async (fn: FunctionSpec, event: unknown) => {
          const started = performance.now();
          try {
            return await invoker.invoke(fn, event);
          } finally {
            onInvoked({ fn, event, durationMs: performance.now() - started });
          }
        }
      : (fn: FunctionSpec, event: unknown) => invoker.invoke(fn, event);

    const runner = new QueueRunner({
      client: sqs,
      consumers: m.functions.flatMap((fn) =>
        fn.triggers.flatMap((t) => {
          if (t.kind !== 'queue') return [];
          const queue = queues[t.queue];
          if (!queue) throw new Error(`${fn.name}: unknown queue ${t.queue}`);
          return [
            {
              queueName: t.queue,
              queueUrl: queue.url,
              queueArn: queue.arn,
              batchSize: t.batchSize,
              invoke: (event: SQSEvent) => invoke(fn, event) as Promise<SQSBatchResponse | undefined>,
            },
          ];
        }),
      ),
      log,
    });
    runner.start();
    stops.push(() => runner.stop());

    const scheduler = new Scheduler({
      schedules: m.functions.flatMap((fn) =>
        fn.triggers.flatMap((t) =>
          t.kind === 'schedule'
            ? [{ name: t.name, expression: t.expression, invoke: (e: unknown) => invoke(fn, e) }]
            : [],
        ),
      ),
    });
    scheduler.start();
    stops.push(async () => scheduler.stop());

    const gateway = new Gateway({
      manifest: m,
      invoke,
      jwtSecret,
      log,
      localRoutes: [
        ...(options.localRoutes ?? []),
        consoleRoute(() => devToken(jwtSecret)),
        controlRoutes({ fireSchedule: (name) => scheduler.fire(name) }),
      ],
    });
    const url = await gateway.listen(options.port);
    stops.push(() => gateway.close());
    simulator?.setWebhookTarget(`${url}/webhooks/meta`);
    // The OAuth redirect_uri (config `API_BASE_URL`) and the callback's redirect target need
    // the port, known only now.
    if (!options.env?.API_BASE_URL) {
      env.API_BASE_URL = `http://127.0.0.1:${new URL(url).port}`;
      process.env.API_BASE_URL = env.API_BASE_URL;
    }
    if (!options.env?.JWT_ISSUER) {
      // The dev tokens are this runtime's own (the banner prints one): it is their issuer.
      env.JWT_ISSUER = `${env.API_BASE_URL ?? url}/`;
      process.env.JWT_ISSUER = env.JWT_ISSUER;
    }
    if (!options.env?.DASHBOARD_URL) {
      // §4's default; the browser comes back to the console on the same port.
      env.DASHBOARD_URL = `http://localhost:${new URL(url).port}/console`;
      process.env.DASHBOARD_URL = env.DASHBOARD_URL;
    }

    return {
      url,
      jwtSecret,
      env,
      simulator,
      queueUrls: queues,
      sqs,
      dynamo,
      token: (claims) => devToken(jwtSecret, claims),
      fireSchedule: (name) => scheduler.fire(name),
      idle: (timeoutMs) => runner.idle(timeoutMs),
      stop: stopAll,
    };
  } catch (err: unknown) {
    await stopAll();
    throw err;
  }
}

/** A random secret kept under the data dir so tokens outlive a restart. */
function persistentSecret(dataDir: string | undefined, name: string): string {
  if (!dataDir) return randomBytes(32).toString('hex');
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
