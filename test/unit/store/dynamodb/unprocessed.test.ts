import { DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { StoreThrottledError } from '../../../../shared/platform/errors';
import { batchDelete, batchPut } from '../../../../shared/store/dynamodb/batch-put';
import { untilProcessed } from '../../../../shared/store/dynamodb/unprocessed';

describe('untilProcessed', () => {
  it('sends what is left after a growing pause until nothing is', async () => {
    const pauses: number[] = [];
    const sent: number[][] = [];
    await untilProcessed(
      [1, 2, 3],
      async (pending) => {
        sent.push(pending);
        return pending.slice(1);
      },
      'entries',
      async (ms) => {
        pauses.push(ms);
      },
    );
    expect(sent).toEqual([[1, 2, 3], [2, 3], [3]]);
    expect(pauses).toEqual([50, 100]);
  });

  it('gives up after ten rounds, saying how many are left', async () => {
    const pauses: number[] = [];
    await expect(
      untilProcessed(
        [1, 2],
        async (pending) => pending,
        'puts',
        async (ms) => {
          pauses.push(ms);
        },
      ),
    ).rejects.toThrow('DynamoDB left 2 puts unprocessed after 10 rounds');
    expect(pauses).toEqual([50, 100, 200, 400, 800, 1000, 1000, 1000, 1000]);
  });

  it('gives up as a StoreThrottledError, so the work is requeued rather than failed', async () => {
    await expect(
      untilProcessed(
        [1],
        async (pending) => pending,
        'puts',
        async () => undefined,
      ),
    ).rejects.toBeInstanceOf(StoreThrottledError);
  });

  it('turns a throttling error the SDK gave up on into a StoreThrottledError, other errors pass', async () => {
    const throttled = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
    const failure = untilProcessed([1], async () => Promise.reject(throttled), 'puts');
    await expect(failure).rejects.toBeInstanceOf(StoreThrottledError);
    await expect(failure).rejects.toMatchObject({ cause: throttled });
    const other = new Error('network down');
    await expect(untilProcessed([1], async () => Promise.reject(other), 'puts')).rejects.toBe(other);
  });

  it('sends nothing for no entries', async () => {
    const send = jest.fn(async (pending: number[]) => pending);
    await untilProcessed([], send, 'entries');
    expect(send).not.toHaveBeenCalled();
  });
});

describe('batchPut', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  afterEach(() => ddb.reset());

  it('writes 25 items per BatchWriteItem and re-sends the puts DynamoDB left unprocessed', async () => {
    const items = Array.from({ length: 27 }, (_, i) => ({ pk: 'WS#1', sk: String(i) }));
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { t: [{ PutRequest: { Item: { pk: 'WS#1', sk: '3' } } }] } })
      .resolves({});
    await batchPut(client, 't', items, { concurrency: 1, sleep: async () => undefined });
    const sizes = ddb.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems?.t?.length);
    expect(sizes).toEqual([25, 1, 2]);
    expect(ddb.commandCalls(BatchWriteCommand)[1]?.args[0].input.RequestItems?.t).toEqual([
      { PutRequest: { Item: { pk: 'WS#1', sk: '3' } } },
    ]);
  });

  it('deletes by key in batches of 25, re-sending the deletes DynamoDB left unprocessed', async () => {
    const keys = Array.from({ length: 26 }, (_, i) => ({ pk: 'WS#1', sk: String(i) }));
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { t: [{ DeleteRequest: { Key: { pk: 'WS#1', sk: '7' } } }] } })
      .resolves({});
    await batchDelete(client, 't', keys, { concurrency: 1, sleep: async () => undefined });
    const sent = ddb.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems?.t);
    expect(sent.map((batch) => batch?.length)).toEqual([25, 1, 1]);
    expect(sent[0]?.[0]).toEqual({ DeleteRequest: { Key: { pk: 'WS#1', sk: '0' } } });
    expect(sent[1]).toEqual([{ DeleteRequest: { Key: { pk: 'WS#1', sk: '7' } } }]);
  });
});
