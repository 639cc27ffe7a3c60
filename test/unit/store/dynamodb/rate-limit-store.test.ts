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
    ddb.on(PutCommand).rejectsOnce(conflict()).rejectsOnce(conflict()).resolves({});
    const store = new DynamoDbRateLimitStore({ client, tableName: 't', random: () => 0, now: () => 0 });
    const seen: number[] = [];
    await store.update('act_1', (current) => {
      seen.push(current?.utilizationPct ?? -1);
      return { next: base, result: undefined };
    });
    // First a guess without a read (a bucket this process never saw is assumed new), then the
    // stored state, then the state the winner wrote.
    expect(seen).toEqual([-1, 0, 50]);
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => [p.ConditionExpression, p.ExpressionAttributeValues, p.Item?.version])).toEqual([
      ['attribute_not_exists(pk) OR attribute_not_exists(#version)', undefined, 1],
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
    expect(ddb.commandCalls(PutCommand)).toHaveLength(4);
  });

  it('writes the next update of a bucket it knows without reading it again', async () => {
    ddb.on(GetCommand).resolves({ Item: { version: 7, state: base } });
    ddb.on(PutCommand).rejectsOnce(conflict()).resolves({});
    const store = new DynamoDbRateLimitStore({ client, tableName: 't', random: () => 0, now: () => 0 });
    await store.update('act_1', () => ({ next: base, result: undefined }));
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
    await store.update('act_1', () => ({ next: { ...base, utilizationPct: 10 }, result: undefined }));
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
    expect(ddb.commandCalls(PutCommand).at(-1)?.args[0].input.ExpressionAttributeValues).toEqual({
      ':version': 8,
    });
  });

  it('never trusts a guess that would write nothing: it reads', async () => {
    ddb.on(GetCommand).resolves({ Item: { version: 2, state: base } });
    const store = new DynamoDbRateLimitStore({ client, tableName: 't', random: () => 0, now: () => 0 });
    const seen: (number | undefined)[] = [];
    const result = await store.update('act_1', (current) => {
      seen.push(current?.utilizationPct);
      return { next: undefined, result: current === undefined ? 'guess' : 'read' };
    });
    expect(result).toBe('read');
    expect(seen).toEqual([undefined, 0]);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('sends one update of a bucket at a time; those that arrive meanwhile share the next write', async () => {
    ddb.on(PutCommand).resolves({});
    const store = new DynamoDbRateLimitStore({ client, tableName: 't', random: () => 0, now: () => 0 });
    const addOne = (current: typeof base | undefined) => {
      const utilizationPct = (current?.utilizationPct ?? 0) + 1;
      return { next: { ...base, utilizationPct }, result: utilizationPct };
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => store.update('act_1', addOne)));
    // Each decided on the state the one before it left, in arrival order: nothing lost.
    expect(results).toEqual([1, 2, 3, 4, 5]);
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => [p.Item?.version, p.Item?.state.utilizationPct])).toEqual([
      [1, 1],
      [2, 5],
    ]);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('fails every update of a shared write with its error, and the next ones go on', async () => {
    ddb.on(PutCommand).resolvesOnce({}).rejectsOnce(new Error('AccessDenied')).resolves({});
    const store = new DynamoDbRateLimitStore({ client, tableName: 't' });
    const write = () => store.update('act_1', () => ({ next: base, result: 'written' }));
    const outcomes = await Promise.allSettled([write(), write(), write()]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    await expect(write()).resolves.toBe('written');
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
