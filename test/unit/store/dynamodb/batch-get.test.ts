import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { batchGet, itemAt } from '../../../../shared/store/dynamodb/batch-get';

describe('batchGet', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const noWait = async () => undefined;
  afterEach(() => ddb.reset());

  const a = { pk: 'WS#1', sk: 'A' };
  const b = { pk: 'WS#1', sk: 'B' };

  it('asks again, consistently, for the keys DynamoDB left unprocessed', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { t: [{ ...a, v: 1 }] }, UnprocessedKeys: { t: { Keys: [b] } } })
      .resolves({ Responses: { t: [{ ...b, v: 2 }] } });
    const items = await batchGet(client, 't', [a, b], noWait);
    expect(itemAt(items, b)).toEqual({ ...b, v: 2 });
    expect(itemAt(items, a)).toEqual({ ...a, v: 1 });
    const inputs = ddb.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.t);
    expect(inputs).toEqual([
      { Keys: [a, b], ConsistentRead: true },
      { Keys: [b], ConsistentRead: true },
    ]);
  });

  it('gives up when keys stay unprocessed', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { t: [] }, UnprocessedKeys: { t: { Keys: [a] } } });
    await expect(batchGet(client, 't', [a], noWait)).rejects.toThrow('unprocessed after 10 rounds');
  });

  it('reads more keys than one BatchGetItem takes in requests of 100', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { t: [] } });
    const keys = Array.from({ length: 201 }, (_, i) => ({ pk: 'WS#1', sk: String(i) }));
    expect(await batchGet(client, 't', keys, noWait)).toEqual([]);
    const sizes = ddb.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.t?.Keys?.length);
    expect(sizes).toEqual([100, 100, 1]);
  });

  it('makes no request for no keys', async () => {
    expect(await batchGet(client, 't', [], noWait)).toEqual([]);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
  });
});
