import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DEFAULT_GRAPH_CALL_POLICY,
  initialGraphCallState,
} from '../../../../shared/domain/graph-call-admission';
import {
  DynamoDbRateLimitStore,
  RateLimitContentionError,
} from '../../../../shared/store/dynamodb/rate-limit-store';

describe('DynamoDbRateLimitStore (adapter)', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const base = initialGraphCallState(0, DEFAULT_GRAPH_CALL_POLICY);
  afterEach(() => ddb.reset());

  const conflict = () =>
    new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

  it('decides again on fresh state after a conflict, then writes with the new version', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: { version: 3, state: base } })
      .resolves({ Item: { version: 4, state: { ...base, utilizationPct: 50 } } });
    ddb.on(PutCommand).rejectsOnce(conflict()).resolves({});
    const store = new DynamoDbRateLimitStore({ client, tableName: 't', random: () => 0, now: () => 0 });
    const seen: number[] = [];
    await store.update('act_1', (current) => {
      seen.push(current?.utilizationPct ?? -1);
      return { next: base, result: undefined };
    });
    expect(seen).toEqual([0, 50]);
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => [p.ConditionExpression, p.ExpressionAttributeValues, p.Item?.version])).toEqual([
      ['#version = :version', { ':version': 3 }, 4],
      ['#version = :version', { ':version': 4 }, 5],
    ]);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      TableName: 't',
      Key: { pk: 'META#BUCKET#act_1', sk: 'STATE' },
      ConsistentRead: true,
    });
  });

  it('creates a bucket only if nobody else did', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const store = new DynamoDbRateLimitStore({ client, tableName: 't' });
    await store.update('act_1', () => ({ next: base, result: undefined }));
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(#version)',
      Item: { pk: 'META#BUCKET#act_1', sk: 'STATE', version: 1 },
    });
  });

  it('gives up with RateLimitContentionError when others always win', async () => {
    ddb.on(GetCommand).resolves({ Item: { version: 1, state: base } });
    ddb.on(PutCommand).rejects(conflict());
    const store = new DynamoDbRateLimitStore({ client, tableName: 't', maxAttempts: 3, random: () => 0 });
    await expect(store.update('act_1', () => ({ next: base, result: undefined }))).rejects.toBeInstanceOf(
      RateLimitContentionError,
    );
    expect(ddb.commandCalls(PutCommand)).toHaveLength(3);
  });

  it('passes other DynamoDB errors through', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).rejects(new Error('AccessDenied'));
    const store = new DynamoDbRateLimitStore({ client, tableName: 't' });
    await expect(store.update('act_1', () => ({ next: base, result: undefined }))).rejects.toThrow(
      'AccessDenied',
    );
  });

  it('reads the table name from TABLE_APP by default', async () => {
    const saved = process.env.TABLE_APP;
    process.env.TABLE_APP = 'from-env';
    try {
      ddb.on(GetCommand).resolves({});
      await new DynamoDbRateLimitStore({ client }).get('act_1');
      expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.TableName).toBe('from-env');
    } finally {
      if (saved === undefined) delete process.env.TABLE_APP;
      else process.env.TABLE_APP = saved;
    }
  });
});
