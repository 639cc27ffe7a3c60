import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  DEFAULT_GRAPH_CALL_POLICY,
  type GraphCallState,
  initialGraphCallState,
} from '../../../../shared/domain/graph-call-admission';
import { DynamoDbRateLimitStore } from '../../../../shared/store/dynamodb/rate-limit-store';
import { createLocalAppTable, type LocalAppTable } from '../../support/local-app-table';

describe('DynamoDbRateLimitStore on DynamoDB Local', () => {
  let table: LocalAppTable;
  let client: DynamoDBDocumentClient;
  let tableName = '';

  beforeAll(async () => {
    table = await createLocalAppTable('rls');
    ({ tableName, client } = table);
  });

  afterAll(() => table.close());

  // A real clock: DynamoDB Local does delete items whose TTL has passed, mid-test.
  const NOW = Date.now();
  const store = () => new DynamoDbRateLimitStore({ client, tableName, now: () => NOW });
  const base = initialGraphCallState(0, DEFAULT_GRAPH_CALL_POLICY);

  it('stores a bucket under META#BUCKET#<key> / STATE with a version and a TTL', async () => {
    const s = store();
    expect(await s.get('act_1')).toBeUndefined();
    await s.update('act_1', () => ({ next: base, result: undefined }));
    expect(await s.get('act_1')).toEqual(base);
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: { pk: 'META#BUCKET#act_1', sk: 'STATE' } }),
    );
    expect(Item).toMatchObject({ version: 1, ttl: Math.floor(NOW / 1000) + 86_400 });
  });

  it('writes nothing when decide says so', async () => {
    const s = store();
    const result = await s.update('act_none', () => ({ next: undefined, result: 'skipped' }));
    expect(result).toBe('skipped');
    expect(await s.get('act_none')).toBeUndefined();
  });

  it('loses no update when many Lambdas write the same bucket at once', async () => {
    const writers = Array.from({ length: 8 }, () => store());
    const bump = (s: DynamoDbRateLimitStore) =>
      s.update('act_busy', (current) => {
        const state: GraphCallState = current ?? base;
        return { next: { ...state, utilizationPct: state.utilizationPct + 1 }, result: undefined };
      });
    await Promise.all(writers.flatMap((s) => [bump(s), bump(s), bump(s)]));
    expect((await store().get('act_busy'))?.utilizationPct).toBe(24);
  });

  it('treats an item of an older shape as absent and overwrites it', async () => {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: 'META#BUCKET#act_old', sk: 'STATE', version: 4, state: { x: 1 } },
      }),
    );
    const s = store();
    expect(await s.get('act_old')).toBeUndefined();
    await s.update('act_old', () => ({ next: base, result: undefined }));
    expect(await s.get('act_old')).toEqual(base);
  });
});
