import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoIdempotencyStore } from '../../../../shared/store/dynamodb/idempotency-store';
import { createLocalMutationTables, type LocalMutationTables } from '../../support/local-app-table';

describe('DynamoIdempotencyStore on DynamoDB Local', () => {
  let tables: LocalMutationTables;
  beforeAll(async () => {
    tables = await createLocalMutationTables('idem');
  });
  afterAll(() => tables.close());

  // A real clock: DynamoDB Local deletes items whose TTL has passed, mid-test.
  const NOW = Date.now();
  const store = (atMs = NOW) =>
    new DynamoIdempotencyStore({
      client: tables.client,
      tableName: tables.idempotencyTableName,
      now: () => new Date(atMs),
    });
  const options = { ttlSeconds: 3600, inFlightSeconds: 30 };
  const created = { status: 201, body: { id: '120330000000001', name: 'Spring sale' } };

  it('gives a free key to exactly one of ten concurrent claims', async () => {
    const scope = { workspaceId: 'ws-1', key: 'race' };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store().claim(scope, 'fp-a', options)),
    );
    expect(results.filter((r) => r.kind === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'in_flight')).toHaveLength(9);
  });

  it('lays the record out like Powertools idempotency: id, status, expiration, in_progress_expiration, validation', async () => {
    await store().claim({ workspaceId: 'ws-1', key: 'layout' }, 'fp-a', options);
    const { Item } = await tables.client.send(
      new GetCommand({ TableName: tables.idempotencyTableName, Key: { id: 'ws-1#layout' } }),
    );
    expect(Item).toEqual({
      id: 'ws-1#layout',
      status: 'INPROGRESS',
      expiration: Math.floor(NOW / 1000) + 3600,
      in_progress_expiration: NOW + 30_000,
      validation: 'fp-a',
    });
  });

  it('replays a completed answer for the same request, and refuses a different one', async () => {
    const scope = { workspaceId: 'ws-1', key: 'done' };
    expect(await store().claim(scope, 'fp-a', options)).toEqual({ kind: 'claimed', resumed: false });
    await store().complete(scope, 'fp-a', created, 3600);
    expect(await store().claim(scope, 'fp-a', options)).toEqual({ kind: 'replay', answer: created });
    expect(await store().claim(scope, 'fp-b', options)).toEqual({ kind: 'mismatch' });
    const { Item } = await tables.client.send(
      new GetCommand({ TableName: tables.idempotencyTableName, Key: { id: 'ws-1#done' } }),
    );
    expect(Item).toMatchObject({ status: 'COMPLETED', validation: 'fp-a', data: JSON.stringify(created) });
  });

  it('answers in_flight to the same request and mismatch to another while a claim runs', async () => {
    const scope = { workspaceId: 'ws-1', key: 'running' };
    expect(await store().claim(scope, 'fp-a', options)).toEqual({ kind: 'claimed', resumed: false });
    expect(await store().claim(scope, 'fp-a', options)).toEqual({ kind: 'in_flight' });
    expect(await store().claim(scope, 'fp-b', options)).toEqual({ kind: 'mismatch' });
  });

  it('lets a retry take over a claim whose Lambda died (in-flight time passed)', async () => {
    const scope = { workspaceId: 'ws-1', key: 'abandoned' };
    expect(await store(NOW).claim(scope, 'fp-a', options)).toEqual({ kind: 'claimed', resumed: false });
    expect(await store(NOW + 29_000).claim(scope, 'fp-a', options)).toEqual({ kind: 'in_flight' });
    // Taken over: the dead attempt may have applied at Meta, so the retry is told to look first.
    expect(await store(NOW + 31_000).claim(scope, 'fp-a', options)).toEqual({
      kind: 'claimed',
      resumed: true,
    });
    // The takeover holds the key anew.
    expect(await store(NOW + 32_000).claim(scope, 'fp-a', options)).toEqual({ kind: 'in_flight' });
  });

  it('never takes over a completed answer once its in-flight time passed', async () => {
    const scope = { workspaceId: 'ws-1', key: 'kept' };
    await store(NOW).claim(scope, 'fp-a', options);
    await store(NOW).complete(scope, 'fp-a', created, 3600);
    expect(await store(NOW + 60_000).claim(scope, 'fp-a', options)).toEqual({
      kind: 'replay',
      answer: created,
    });
  });

  it('reuses a key whose TTL passed though DynamoDB has not deleted it yet', async () => {
    const scope = { workspaceId: 'ws-1', key: 'expired' };
    await store(NOW).claim(scope, 'fp-a', { ttlSeconds: 60, inFlightSeconds: 30 });
    await store(NOW).complete(scope, 'fp-a', created, 60);
    expect(await store(NOW + 61_000).claim(scope, 'fp-b', options)).toEqual({
      kind: 'claimed',
      resumed: false,
    });
  });

  it('frees at once, but keeps as resumable, a claim whose attempt may have applied (a lost answer)', async () => {
    const scope = { workspaceId: 'ws-1', key: 'unsure' };
    await store(NOW).claim(scope, 'fp-a', options);
    await store(NOW).release(scope, 'fp-b', { mayHaveApplied: true });
    expect(await store(NOW).claim(scope, 'fp-a', options)).toEqual({ kind: 'in_flight' });
    await store(NOW).release(scope, 'fp-a', { mayHaveApplied: true });
    expect(await store(NOW).claim(scope, 'fp-a', options)).toEqual({ kind: 'claimed', resumed: true });
  });

  it('scopes keys to the workspace', async () => {
    const key = 'shared-key';
    expect(await store().claim({ workspaceId: 'ws-a', key }, 'fp-a', options)).toEqual({
      kind: 'claimed',
      resumed: false,
    });
    expect(await store().claim({ workspaceId: 'ws-b', key }, 'fp-b', options)).toEqual({
      kind: 'claimed',
      resumed: false,
    });
  });

  it('releases only its own unfinished claim, so a retry after a 5xx tries again', async () => {
    const scope = { workspaceId: 'ws-1', key: 'released' };
    await store().claim(scope, 'fp-a', options);
    await store().release(scope, 'fp-b');
    expect(await store().claim(scope, 'fp-a', options)).toEqual({ kind: 'in_flight' });
    await store().release(scope, 'fp-a');
    expect(await store().claim(scope, 'fp-a', options)).toEqual({ kind: 'claimed', resumed: false });

    await store().complete(scope, 'fp-a', created, 3600);
    await store().release(scope, 'fp-a');
    expect(await store().claim(scope, 'fp-a', options)).toEqual({ kind: 'replay', answer: created });
    // Releasing a key nobody holds is a no-op too.
    await expect(store().release({ workspaceId: 'ws-1', key: 'never' }, 'fp-a')).resolves.toBeUndefined();
  });

  it('builds the COMPLETED transact Put for the idempotency table', () => {
    const item = store().completeItem({ workspaceId: 'ws-1', key: 'k' }, 'fp-a', created, 100);
    expect(item).toEqual({
      Put: {
        TableName: tables.idempotencyTableName,
        Item: {
          id: 'ws-1#k',
          status: 'COMPLETED',
          expiration: Math.floor(NOW / 1000) + 100,
          validation: 'fp-a',
          data: JSON.stringify(created),
        },
      },
    });
  });
});
