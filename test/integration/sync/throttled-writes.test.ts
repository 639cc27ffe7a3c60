import { DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { LOCAL_REGION, localCredentials } from '../../../infra/local/local-aws';
import { businessAssets } from '../../../infra/local/meta-simulator';
import type { LocalRuntime } from '../../../infra/local/runtime';
import { manifest } from '../../../infra/manifest';
import { queues } from '../../../infra/resources';
import { queueConsumer } from '../../../shared/platform/queue';
import { DynamoAssetStore } from '../../../shared/store/dynamodb/asset-store';
import { handleSyncMessage } from '../../../shared/sync/handle-sync-message';
import type { SyncWorkDeps } from '../../../shared/sync/sync-deps';
import { type SyncMessage, syncMessageSchema, type TaskMessage } from '../../../shared/sync/sync-messages';
import { syncWorkDeps } from '../../../shared/sync/sync-work-root';
import { api, startTestRuntime } from '../support/runtime';
import { comparable, connectSeeded, expectedItems, listAll, simulatorOf } from './sync-fixture';

/**
 * A document client on DynamoDB Local that refuses every batch write for throughput while
 * throttling is on, as AWS does to a partition key written past ~1 000 WCU/s once the SDK's own
 * retries are spent (the refusal is injected before them).
 */
function throttlingClient(): { client: DynamoDBDocumentClient; throttled: () => number; stop: () => void } {
  let throttling = true;
  let refused = 0;
  const raw = new DynamoDBClient({
    endpoint: process.env.TEST_DYNAMODB_ENDPOINT,
    region: LOCAL_REGION,
    credentials: localCredentials,
  });
  raw.middlewareStack.add(
    (next, context) => async (args) => {
      if (throttling && /^BatchWrite/.test(context.commandName ?? '')) {
        refused += 1;
        throw new ProvisionedThroughputExceededException({
          message: 'The level of configured provisioned throughput for the table was exceeded.',
          $metadata: { httpStatusCode: 400 },
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'injectThrottling' },
  );
  return {
    client: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    throttled: () => refused,
    stop: () => {
      throttling = false;
    },
  };
}

const lambdaContext = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

/**
 * The sync consumer is left out of this runtime: its messages are taken from the real local SQS
 * queue and handed to the same middy stack the function uses, with a store whose writes DynamoDB
 * throttles.
 */
describe('a sync whose DynamoDB writes are throttled (local SQS, DynamoDB Local, simulator)', () => {
  let rt: LocalRuntime;
  let deps: SyncWorkDeps;
  beforeAll(async () => {
    rt = await startTestRuntime({
      manifest: { ...manifest, functions: manifest.functions.filter((fn) => fn.name !== 'sync-tasks') },
    });
    deps = await syncWorkDeps();
  });
  afterAll(() => rt.stop());

  async function receiveAll(waitSeconds = 0): Promise<{ message: SyncMessage; body: string }[]> {
    const received: { message: SyncMessage; body: string }[] = [];
    for (;;) {
      const out = await rt.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: rt.queueUrls.syncTasks?.url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: received.length === 0 ? waitSeconds : 0,
        }),
      );
      if (!out.Messages?.length) return received;
      for (const message of out.Messages) {
        received.push({
          message: syncMessageSchema.parse(JSON.parse(message.Body ?? '')),
          body: message.Body ?? '',
        });
        await rt.sqs.send(
          new DeleteMessageCommand({
            QueueUrl: rt.queueUrls.syncTasks?.url,
            ReceiptHandle: message.ReceiptHandle,
          }),
        );
      }
    }
  }

  function sqsEvent(body: string): SQSEvent {
    return {
      Records: [
        {
          messageId: 'm-1',
          receiptHandle: 'r-1',
          body,
          attributes: {
            ApproximateReceiveCount: '1',
            SentTimestamp: String(Date.now()),
            SenderId: 'local',
            ApproximateFirstReceiveTimestamp: String(Date.now()),
          },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:local:000000000000:sync-tasks',
          awsRegion: 'local',
        },
      ],
    };
  }

  it('requeues the conclusion with a delay instead of failing, and the next delivery concludes the run', async () => {
    const seeded = simulatorOf(rt).seed({
      businesses: 2,
      tokens: 1,
      perBusiness: businessAssets({ ownedAdAccounts: 30, ownedPages: 10, ownedPixels: 3, ownedCatalogs: 2 }),
      seed: 81,
    });
    const ws = await connectSeeded(rt, 'ws-throttled', seeded.tokens);
    const started = await api(rt, 'POST', '/meta/sync', { token: ws.jwt, body: {} });
    const [plan] = await receiveAll();
    if (!plan) throw new Error('no planning message');
    await handleSyncMessage(deps, plan.message);
    const tasks = await receiveAll();
    const last = tasks.pop();
    if (!last) throw new Error('no task');
    for (const task of tasks) await handleSyncMessage(deps, task.message);

    const throttle = throttlingClient();
    const throttledDeps = {
      ...deps,
      assets: new DynamoAssetStore({ client: throttle.client, sleep: async () => undefined }),
    };
    const consumer = queueConsumer(
      { schema: syncMessageSchema, queueEnvVar: queues.syncTasks.envVar },
      ({ body }) => handleSyncMessage(throttledDeps, body),
    );
    // The record is done (no batch item failure): the wait is a requeue, not a receive of the queue.
    expect(await consumer(sqsEvent(last.body), lambdaContext)).toEqual({ batchItemFailures: [] });
    expect(throttle.throttled()).toBeGreaterThan(0);
    const concluding = await api(rt, 'GET', `/meta/sync/${started.body.syncRunId}`, { token: ws.jwt });
    expect(concluding.body).toMatchObject({ status: 'running', phase: 'concluding' });

    // Back on the queue after its delay (1–2 s), counting the requeue.
    const requeued = await receiveAll(5);
    expect(requeued).toHaveLength(1);
    const again = requeued[0]?.message as TaskMessage;
    expect(again).toEqual({ ...(last.message as TaskMessage), throttledAttempt: 1 });

    // DynamoDB has capacity again: the same store concludes the run on the requeued delivery.
    throttle.stop();
    expect(await consumer(sqsEvent(requeued[0]?.body ?? ''), lambdaContext)).toEqual({
      batchItemFailures: [],
    });
    const run = await api(rt, 'GET', `/meta/sync/${started.body.syncRunId}`, { token: ws.jwt });
    const total = Object.values(seeded.expected).reduce((n, list) => n + list.length, 0);
    expect(run.body).toMatchObject({
      status: 'succeeded',
      tasks: { failed: 0 },
      counts: { found: total, added: total, updated: 0, removed: 0 },
    });
    expect(comparable(await listAll(rt, ws, 'ad-accounts'))).toEqual(
      expectedItems(seeded.expected.adAccounts, ws),
    );
    expect(await receiveAll()).toEqual([]);
  });
});
