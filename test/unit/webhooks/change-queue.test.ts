import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import type { WebhookChangeMessage } from '../../../shared/domain/webhook-change';
import { SqsChangeQueue } from '../../../shared/webhooks/change-queue';

const message = (i: number): WebhookChangeMessage => ({
  key: i.toString(16).padStart(64, '0'),
  object: 'ad_account',
  entryId: '1',
  field: 'in_process_ad_objects',
  eventTime: 1_000 + i,
  change: {
    kind: 'ad_object_processed',
    adAccountId: 'act_1',
    objectId: String(i),
    level: 'ad',
    statusName: 'Active',
  },
});

describe('SqsChangeQueue', () => {
  const sqs = mockClient(SQSClient);
  afterEach(() => sqs.reset());
  afterAll(() => sqs.restore());
  const queue = () =>
    new SqsChangeQueue('http://queue/webhook-events', new SQSClient({ region: 'us-east-1' }));

  it('sends one message per change in batches of 10, in parallel', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    await queue().enqueue(Array.from({ length: 12 }, (_, i) => message(i)));
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 2]);
    const first = calls[0]?.args[0].input.Entries?.[0]?.MessageBody ?? '';
    expect(JSON.parse(first)).toEqual(message(0));
  });

  it('retries the entries SQS refused once', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError' }] })
      .resolves({ Failed: [] });
    await queue().enqueue([message(0), message(1)]);
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries?.map((e) => JSON.parse(e.MessageBody ?? '{}').key)).toEqual([
      message(1).key,
    ]);
  });

  it('fails when SQS keeps refusing, so the delivery is retried by Meta', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: '0', SenderFault: false, Code: 'InternalError' }] });
    await expect(queue().enqueue([message(0)])).rejects.toThrow('SQS refused 1 message(s)');
  });

  it('fails when SQS is unreachable', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('connect ECONNREFUSED'));
    await expect(queue().enqueue([message(0)])).rejects.toThrow('ECONNREFUSED');
  });
});
