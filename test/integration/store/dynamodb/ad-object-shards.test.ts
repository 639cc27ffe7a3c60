import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ManagedObject } from '../../../../shared/domain/managed-object';
import { SHARD_COUNTS } from '../../../../shared/domain/partition-shard';
import { eventOrder } from '../../../../shared/domain/webhook-event-order';
import type { AdObjectStatePatch } from '../../../../shared/domain/webhook-mirror-update';
import { adObjectKeyBefore, adObjectPartitions } from '../../../../shared/store/dynamodb/ad-object-keys';
import { DynamoAdObjectMirror } from '../../../../shared/store/dynamodb/ad-object-mirror';
import { appKeys } from '../../../../shared/store/dynamodb/app-table';
import { encodeCursor } from '../../../../shared/store/dynamodb/cursor';
import { DynamoManagedObjectStore } from '../../../../shared/store/dynamodb/managed-object-store';
import { createLocalAppTable, type LocalAppTable } from '../../support/local-app-table';

const UPDATED = '2026-12-01T10:00:00.000Z';

function campaign(adAccountId: string, id: string, overrides: Partial<ManagedObject> = {}): ManagedObject {
  return {
    id,
    level: 'campaign',
    adAccountId,
    name: `Campaign ${id}`,
    status: 'ACTIVE',
    currency: 'USD',
    objective: 'OUTCOME_SALES',
    specialAdCategories: [],
    dailyBudget: 5_000,
    createdBy: { kind: 'agent', sub: 'agent-a' },
    updatedAt: UPDATED,
    ...overrides,
  };
}

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => String(120_000_000_000 + from + i));

function patch(adAccountId: string, objectId: string, time: number): AdObjectStatePatch {
  return {
    adAccountId,
    objectId,
    level: 'campaign',
    eventTime: new Date(time).toISOString(),
    order: eventOrder(time, 'k'.repeat(64)),
    set: { effectiveStatus: 'WITH_ISSUES' },
    clear: [],
  };
}

describe('the ad-object mirror over shards, on DynamoDB Local', () => {
  let table: LocalAppTable;
  beforeAll(async () => {
    table = await createLocalAppTable('ad-object-shards');
  });
  afterAll(() => table.close());
  const app = () => ({ client: table.client, tableName: table.tableName });
  const store = () => new DynamoManagedObjectStore(app());
  const mirror = () => new DynamoAdObjectMirror({ ...app(), now: () => new Date(UPDATED) });
  const countUnder = async (pk: string) =>
    (
      await table.client.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': 'OBJ#' },
          Select: 'COUNT',
        }),
      )
    ).Count ?? 0;

  it('spreads an account’s objects over 4 keys, and lists them by id across shards and accounts', async () => {
    const first = ids(25).map((id) => campaign('act_201', id));
    const second = ids(12, 100).map((id) => campaign('act_202', id));
    for (const object of [...first, ...second]) await store().put(object);
    const perShard = await Promise.all(
      adObjectPartitions('act_201').slice(0, SHARD_COUNTS.adObjects).map(countUnder),
    );
    expect(perShard.reduce((a, b) => a + b, 0)).toBe(25);
    expect(perShard.filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(await countUnder(appKeys.adAccount('act_201'))).toBe(0);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store().list(['act_202', 'act_201'], {
        level: 'campaign',
        limit: 6,
        includeDeleted: false,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.items.length).toBeLessThanOrEqual(6);
      seen.push(...page.items.map((o) => `${o.adAccountId}/${o.id}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...first, ...second].map((o) => `${o.adAccountId}/${o.id}`));
    // A cursor of the single-key release (the account's key, the last sort key) resumes in every shard.
    const old = encodeCursor({ pk: appKeys.adAccount('act_201'), sk: `OBJ#${first[19]?.id}` });
    const resumed = await store().list(['act_201', 'act_202'], {
      level: 'campaign',
      limit: 10,
      includeDeleted: false,
      cursor: old,
    });
    expect(resumed.items.map((o) => o.id)).toEqual(
      [...first.slice(20), ...second.slice(0, 5)].map((o) => o.id),
    );
    expect(await store().listAccount('act_201')).toEqual(first);
    expect((await store().listBudgets('act_202')).map((o) => o.id).sort()).toEqual(second.map((o) => o.id));
    expect(await store().getMany('act_201', [ids(1)[0] ?? '', 'missing'])).toEqual([first[0]]);

    // The webhook mirror writes the same items.
    await mirror().applyObjectState(patch('act_201', first[3]?.id ?? '', 5_000));
    expect(await store().get('act_201', first[3]?.id ?? '')).toEqual({
      ...first[3],
      effectiveStatus: 'WITH_ISSUES',
    });
    expect((await mirror().listObjects('act_201', { level: 'campaign' })).map((o) => o.id)).toEqual(
      first.map((o) => o.id),
    );
    expect(await mirror().listObjects('act_201', { level: 'ad' })).toEqual([]);
  });

  it('reads objects still under the account’s own key, and moves them before a write, order and fields kept', async () => {
    const act = 'act_301';
    const old = ids(10, 500).map((id) => campaign(act, id));
    const newer = 9_000;
    for (const object of old)
      await table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: {
            ...object,
            ...adObjectKeyBefore(act, object.id),
            // What the webhook mirror had written on the same item.
            order: eventOrder(newer, 'z'.repeat(64)),
            eventTime: new Date(newer).toISOString(),
          },
        }),
      );
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          pk: appKeys.adAccount(act),
          sk: 'ACCOUNT_STATUS',
          adAccountId: act,
          accountStatus: 1,
          order: 'o',
        },
      }),
    );
    expect(await store().get(act, old[2]?.id ?? '')).toEqual(old[2]);
    expect(await store().listAccount(act)).toEqual(old);
    expect((await mirror().getObject(act, old[4]?.id ?? ''))?.name).toBe(old[4]?.name);
    expect((await store().list([act], { level: 'campaign', limit: 4, includeDeleted: false })).items).toEqual(
      old.slice(0, 4),
    );

    // An event older than what the old item holds: the move keeps its order, so it stays stale.
    const stale = await mirror().applyObjectState(patch(act, old[0]?.id ?? '', newer - 1_000));
    expect(stale.outcome).toBe('stale');
    expect(await countUnder(appKeys.adAccount(act))).toBe(0);
    const partitions = adObjectPartitions(act).slice(0, SHARD_COUNTS.adObjects);
    expect((await Promise.all(partitions.map(countUnder))).reduce((a, b) => a + b, 0)).toBe(10);
    const applied = await mirror().applyObjectState(patch(act, old[0]?.id ?? '', newer + 1_000));
    expect(applied.outcome).toBe('applied');
    expect(applied.record).toMatchObject({
      name: old[0]?.name,
      dailyBudget: 5_000,
      effectiveStatus: 'WITH_ISSUES',
    });
    expect(await store().listAccount(act)).toEqual([
      { ...old[0], effectiveStatus: 'WITH_ISSUES' },
      ...old.slice(1),
    ]);
    // The account's own record stays where it was.
    expect(await mirror().getAccountStatus(act)).toMatchObject({ accountStatus: 1 });
  });
});
