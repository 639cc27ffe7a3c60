import {
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { LOCAL_REGION, localCredentials } from '../../../infra/local/local-aws';
import { type QueueConsumer, QueueRunner } from '../../../infra/local/queue-runner';
import { ensureQueues, type LocalQueue, type LocalSqs, startLocalSqs } from '../../../infra/local/sqs';

/** Short timings so redelivery and the DLQ happen within a test. */
const spec = { envVar: 'QUEUE_URL_TEST', visibilityTimeoutSeconds: 1, maxReceiveCount: 3 };

let sqs: LocalSqs;
let client: SQSClient;
let queueCount = 0;
const runners: QueueRunner[] = [];
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  sqs = await startLocalSqs();
  client = new SQSClient({ endpoint: sqs.endpoint, region: LOCAL_REGION, credentials: localCredentials });
});

afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
  logLines.length = 0;
});

afterAll(async () => {
  client.destroy();
  await sqs.stop();
});

async function freshQueue(): Promise<LocalQueue & { name: string }> {
  queueCount += 1;
  const name = `q${queueCount}`;
  const queues = await ensureQueues(client, { [name]: spec }, 'runner-test-');
  const queue = queues[name];
  if (!queue) throw new Error('queue not created');
  return { ...queue, name };
}

function runnerFor(
  queue: LocalQueue & { name: string },
  invoke: QueueConsumer['invoke'],
  options: { batchSize?: number; maxConcurrency?: number } = {},
): QueueRunner {
  const runner = new QueueRunner({
    client,
    consumers: [
      {
        queueName: queue.name,
        queueUrl: queue.url,
        queueArn: queue.arn,
        batchSize: options.batchSize ?? 10,
        maxConcurrency: options.maxConcurrency,
        invoke,
      },
    ],
    log: (line) => logLines.push(line),
  });
  runners.push(runner);
  runner.start();
  return runner;
}

async function send(queue: LocalQueue, bodies: string[], delaySeconds?: number): Promise<void> {
  await client.send(
    new SendMessageBatchCommand({
      QueueUrl: queue.url,
      Entries: bodies.map((body, i) => ({ Id: `e${i}`, MessageBody: body, DelaySeconds: delaySeconds })),
    }),
  );
}

async function drainDlq(queue: LocalQueue): Promise<{ body: string; source?: string }[]> {
  const { Messages = [] } = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: queue.dlqUrl,
      MaxNumberOfMessages: 10,
      AttributeNames: ['All'],
      WaitTimeSeconds: 0,
    }),
  );
  return Messages.map((m) => ({ body: m.Body ?? '', source: m.Attributes?.DeadLetterQueueSourceArn }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('QueueRunner (SQS → Lambda on local-aws-sqs)', () => {
  test('hands the function a Lambda-shaped SQS event and deletes what it processed', async () => {
    const queue = await freshQueue();
    const events: SQSEvent[] = [];
    const runner = runnerFor(queue, async (event) => {
      events.push(event);
    });

    await client.send(
      new SendMessageCommand({
        QueueUrl: queue.url,
        MessageBody: '{"task":"sync"}',
        MessageAttributes: {
          workspace: { DataType: 'String', StringValue: 'ws-1' },
          attempt: { DataType: 'Number', StringValue: '2' },
          blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
          kind: { DataType: 'String.custom', StringValue: 'x' },
        },
      }),
    );
    await runner.idle();

    expect(events).toHaveLength(1);
    const record = events[0]?.Records[0] as SQSRecord;
    expect(record).toEqual({
      messageId: expect.any(String),
      receiptHandle: expect.any(String),
      body: '{"task":"sync"}',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d{13}$/),
        SenderId: expect.any(String),
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
      },
      messageAttributes: {
        workspace: { stringValue: 'ws-1', stringListValues: [], binaryListValues: [], dataType: 'String' },
        attempt: { stringValue: '2', stringListValues: [], binaryListValues: [], dataType: 'Number' },
        blob: { binaryValue: 'AQID', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
        kind: { stringValue: 'x', stringListValues: [], binaryListValues: [], dataType: 'String.custom' },
      },
      md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
      md5OfMessageAttributes: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: LOCAL_REGION,
    });
    expect(await drainDlq(queue)).toEqual([]);
  });

  test('a message whose handler fails maxReceiveCount times lands in the DLQ', async () => {
    const queue = await freshQueue();
    const receiveCounts: string[] = [];
    const runner = runnerFor(queue, async (event) => {
      for (const r of event.Records) receiveCounts.push(r.attributes.ApproximateReceiveCount);
      return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
    });

    await send(queue, ['poison']);
    await runner.idle(8000);

    expect(receiveCounts).toEqual(['1', '2', '3']);
    expect(await drainDlq(queue)).toEqual([{ body: 'poison', source: queue.arn }]);
  });

  test('a partial batch failure redelivers only the failed message', async () => {
    const queue = await freshQueue();
    const deliveries: { body: string; count: string }[] = [];
    const runner = runnerFor(queue, async (event) => {
      for (const r of event.Records)
        deliveries.push({ body: r.body, count: r.attributes.ApproximateReceiveCount });
      const failed = event.Records.filter(
        (r) => r.body === 'b' && r.attributes.ApproximateReceiveCount === '1',
      );
      return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) };
    });

    await send(queue, ['a', 'b', 'c']);
    await runner.idle();

    expect(deliveries.filter((d) => d.body === 'a')).toEqual([{ body: 'a', count: '1' }]);
    expect(deliveries.filter((d) => d.body === 'c')).toEqual([{ body: 'c', count: '1' }]);
    expect(deliveries.filter((d) => d.body === 'b')).toEqual([
      { body: 'b', count: '1' },
      { body: 'b', count: '2' },
    ]);
    expect(await drainDlq(queue)).toEqual([]);
  });

  test('a throwing handler gets the whole batch again after the visibility timeout', async () => {
    const queue = await freshQueue();
    await send(queue, ['x', 'y']);
    const batches: { body: string; count: string }[][] = [];
    const runner = runnerFor(queue, async (event) => {
      batches.push(event.Records.map((r) => ({ body: r.body, count: r.attributes.ApproximateReceiveCount })));
      if (batches.length === 1) throw new Error('boom');
    });

    await runner.idle();

    expect(batches[0]).toEqual([
      { body: 'x', count: '1' },
      { body: 'y', count: '1' },
    ]);
    const redelivered = batches.slice(1).flat();
    expect(redelivered).toHaveLength(2);
    expect(redelivered).toEqual(
      expect.arrayContaining([
        { body: 'x', count: '2' },
        { body: 'y', count: '2' },
      ]),
    );
    expect(logLines).toContainEqual(
      expect.objectContaining({
        msg: expect.stringContaining('threw'),
        error: expect.objectContaining({ message: 'boom' }),
      }),
    );
  });

  test('an itemIdentifier that is not in the batch fails the whole batch, as in Lambda', async () => {
    const queue = await freshQueue();
    await send(queue, ['p', 'q']);
    const counts: string[] = [];
    const runner = runnerFor(queue, async (event) => {
      for (const r of event.Records) counts.push(`${r.body}${r.attributes.ApproximateReceiveCount}`);
      if (counts.length <= 2) return { batchItemFailures: [{ itemIdentifier: 'not-a-message-id' }] };
    });

    await runner.idle();

    expect(counts.sort()).toEqual(['p1', 'p2', 'q1', 'q2']);
  });

  test('a delayed message is not delivered before its DelaySeconds', async () => {
    const queue = await freshQueue();
    let deliveredAt = 0;
    const runner = runnerFor(queue, async () => {
      deliveredAt = Date.now();
    });

    const sentAt = Date.now();
    await send(queue, ['later'], 1);
    await runner.idle();

    expect(deliveredAt - sentAt).toBeGreaterThanOrEqual(950);
  });

  test('batches never exceed batchSize', async () => {
    const queue = await freshQueue();
    await send(
      queue,
      Array.from({ length: 10 }, (_, i) => `m${i}`),
    );
    await send(
      queue,
      Array.from({ length: 10 }, (_, i) => `n${i}`),
    );
    await send(
      queue,
      Array.from({ length: 5 }, (_, i) => `o${i}`),
    );
    const sizes: number[] = [];
    const bodies: string[] = [];
    const runner = runnerFor(
      queue,
      async (event) => {
        sizes.push(event.Records.length);
        bodies.push(...event.Records.map((r) => r.body));
      },
      { batchSize: 4 },
    );

    await runner.idle();

    expect(Math.max(...sizes)).toBe(4);
    expect(bodies.sort()).toHaveLength(25);
    expect(new Set(bodies).size).toBe(25);
  });

  test('batches run in parallel up to maxConcurrency', async () => {
    const queue = await freshQueue();
    let running = 0;
    let mostAtOnce = 0;
    const runner = runnerFor(
      queue,
      async () => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await sleep(300);
        running -= 1;
      },
      { batchSize: 1, maxConcurrency: 3 },
    );

    await send(queue, ['s1', 's2', 's3', 's4', 's5']);
    await runner.idle();

    expect(mostAtOnce).toBe(3);
  });

  test('stop() waits for the batches in flight and deletes them', async () => {
    const queue = await freshQueue();
    let started: () => void = () => {};
    const handlerStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    let finished = false;
    const runner = runnerFor(queue, async () => {
      started();
      await sleep(300);
      finished = true;
    });

    await send(queue, ['slow']);
    await handlerStarted;
    await runner.stop();

    expect(finished).toBe(true);
    const { Messages } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 0, VisibilityTimeout: 0 }),
    );
    expect(Messages).toBeUndefined();
  });

  test('idle() reports what is still pending when it times out', async () => {
    const queue = await freshQueue();
    const runner = runnerFor(queue, async () => {});
    await send(queue, ['far-off'], 5);

    await expect(runner.idle(200)).rejects.toThrow(/not idle after 200 ms.*"q\d+":1/);
  });
});
