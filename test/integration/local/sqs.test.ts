import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  SQSServiceException,
} from '@aws-sdk/client-sqs';
import { LOCAL_REGION, localCredentials } from '../../../infra/local/local-aws';
import { ensureQueues, type LocalSqs, startLocalSqs } from '../../../infra/local/sqs';
import { queues } from '../../../infra/resources';

let sqs: LocalSqs;
let client: SQSClient;

beforeAll(async () => {
  sqs = await startLocalSqs();
  client = new SQSClient({ endpoint: sqs.endpoint, region: LOCAL_REGION, credentials: localCredentials });
});

afterAll(async () => {
  client.destroy();
  await sqs.stop();
});

async function errorOf(promise: Promise<unknown>): Promise<SQSServiceException> {
  try {
    await promise;
  } catch (err: unknown) {
    if (err instanceof SQSServiceException) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('local SQS (local-aws-sqs with the real SDK)', () => {
  test('ensureQueues creates every manifest queue with its DLQ, visibility timeout and redrive, twice safely', async () => {
    const first = await ensureQueues(client, queues, 'ensure-');
    const second = await ensureQueues(client, queues, 'ensure-');

    expect(second).toEqual(first);
    expect(Object.keys(first).sort()).toEqual(Object.keys(queues).sort());
    const sync = first.syncTasks;
    expect(sync?.url).toBe(`${sqs.endpoint}/000000000000/ensure-syncTasks`);
    expect(sync?.arn).toBe(`arn:aws:sqs:${LOCAL_REGION}:000000000000:ensure-syncTasks`);
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: sync?.url, AttributeNames: ['All'] }),
    );
    expect(Attributes?.VisibilityTimeout).toBe(String(queues.syncTasks.visibilityTimeoutSeconds));
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: sync?.dlqArn,
      maxReceiveCount: queues.syncTasks.maxReceiveCount,
    });
  });

  test('ensureQueues updates the attributes of a queue that already exists', async () => {
    await ensureQueues(
      client,
      { jobs: { envVar: 'Q', visibilityTimeoutSeconds: 30, maxReceiveCount: 2 } },
      'update-',
    );
    const updated = await ensureQueues(
      client,
      { jobs: { envVar: 'Q', visibilityTimeoutSeconds: 45, maxReceiveCount: 4 } },
      'update-',
    );

    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: updated.jobs?.url, AttributeNames: ['All'] }),
    );
    expect(Attributes?.VisibilityTimeout).toBe('45');
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}').maxReceiveCount).toBe(4);
  });

  test('send, batch send, receive and delete work unchanged', async () => {
    const { limits } = await ensureQueues(
      client,
      { limits: { envVar: 'Q', visibilityTimeoutSeconds: 30, maxReceiveCount: 3 } },
      'io-',
    );
    const url = limits?.url;
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'one' }));
    const batch = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, MessageBody: `b${i}` })),
      }),
    );
    expect(batch.Successful).toHaveLength(10);

    const received = await client.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    expect(received.Messages).toHaveLength(10);
    for (const m of received.Messages ?? [])
      await client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    const rest = await client.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    expect(rest.Messages).toHaveLength(1);
  });

  test('the server enforces the SQS limits: 10 entries per batch, DelaySeconds ≤ 900, 1 MiB per message', async () => {
    const { limits } = await ensureQueues(
      client,
      { limits: { envVar: 'Q', visibilityTimeoutSeconds: 30, maxReceiveCount: 3 } },
      'limits-',
    );
    const url = limits?.url;

    const tooMany = await errorOf(
      client.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' })),
        }),
      ),
    );
    expect(tooMany.name).toBe('TooManyEntriesInBatchRequest');

    const tooLate = await errorOf(
      client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', DelaySeconds: 901 })),
    );
    expect(tooLate.name).toBe('InvalidParameterValue');

    // SQS raised its message limit from 256 KiB to 1 MiB in 2025; local-aws-sqs follows.
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1024 * 1024) }));
    const tooBig = await errorOf(
      client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1024 * 1024 + 1) })),
    );
    expect(tooBig.name).toBe('InvalidParameterValue');
  });
});
