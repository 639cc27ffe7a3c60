import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { eventOrder } from '../../../shared/domain/webhook-event-order';
import type { AdObjectStatePatch } from '../../../shared/domain/webhook-mirror-update';
import { adObjectKey } from '../../../shared/store/dynamodb/ad-object-keys';
import { DynamoAdObjectMirror } from '../../../shared/store/dynamodb/ad-object-mirror';
import { DynamoWebhookDedupeStore } from '../../../shared/store/dynamodb/webhook-dedupe-store';
import { createLocalAppTable, type LocalAppTable } from '../support/local-app-table';

/** The two webhook stores against DynamoDB Local, in a table of their own. */
describe('webhook stores on DynamoDB Local', () => {
  let table: LocalAppTable;
  let client: DynamoDBDocumentClient;
  let tableName = '';
  beforeAll(async () => {
    table = await createLocalAppTable('wh');
    ({ tableName, client } = table);
  });
  afterAll(() => table.close());

  describe('DynamoWebhookDedupeStore', () => {
    it('marks a key once and reports it processed', async () => {
      const store = new DynamoWebhookDedupeStore({ client, tableName });
      const key = 'a'.repeat(64);
      await expect(store.isProcessed(key)).resolves.toBe(false);
      await expect(store.markProcessed(key)).resolves.toBe(true);
      await expect(store.markProcessed(key)).resolves.toBe(false);
      await expect(store.isProcessed(key)).resolves.toBe(true);
    });

    it('treats an expired mark as absent, since DynamoDB Local never deletes it', async () => {
      let now = Date.parse('2026-07-01T00:00:00Z');
      const store = new DynamoWebhookDedupeStore({ client, tableName, ttlSeconds: 60, now: () => now });
      const key = 'b'.repeat(64);
      await store.markProcessed(key);
      now += 59_000;
      await expect(store.isProcessed(key)).resolves.toBe(true);
      now += 1_000;
      await expect(store.isProcessed(key)).resolves.toBe(false);
      await expect(store.markProcessed(key)).resolves.toBe(true);
      await expect(store.isProcessed(key)).resolves.toBe(true);
    });

    it('lets only one of many concurrent markers win', async () => {
      const store = new DynamoWebhookDedupeStore({ client, tableName });
      const results = await Promise.all(Array.from({ length: 8 }, () => store.markProcessed('c'.repeat(64))));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('DynamoAdObjectMirror', () => {
    const mirror = () =>
      new DynamoAdObjectMirror({ client, tableName, now: () => new Date('2026-07-01T00:00:00Z') });
    const patch = (
      time: number,
      key: string,
      over: Partial<AdObjectStatePatch> = {},
    ): AdObjectStatePatch => ({
      adAccountId: 'act_55',
      objectId: '900',
      level: 'ad',
      eventTime: new Date(time).toISOString(),
      order: eventOrder(time, key.repeat(64)),
      set: { effectiveStatus: 'WITH_ISSUES', issue: { code: '1', summary: 'x' } },
      clear: ['statusName'],
      ...over,
    });

    it('applies newer writes, recognises replays and refuses older ones', async () => {
      const m = mirror();
      const first = await m.applyObjectState(patch(2000, 'a'));
      expect(first.outcome).toBe('applied');
      expect(first.record).toMatchObject({
        adAccountId: 'act_55',
        id: '900',
        level: 'ad',
        effectiveStatus: 'WITH_ISSUES',
      });
      expect(first.record).not.toHaveProperty('pk');

      await expect(m.applyObjectState(patch(2000, 'a'))).resolves.toMatchObject({
        outcome: 'already_applied',
      });
      const older = await m.applyObjectState(
        patch(1000, 'f', { set: { statusName: 'Active', effectiveStatus: 'ACTIVE' }, clear: ['issue'] }),
      );
      expect(older).toMatchObject({ outcome: 'stale', record: { effectiveStatus: 'WITH_ISSUES' } });

      const newer = await m.applyObjectState(
        patch(3000, 'b', {
          set: { statusName: 'Active', effectiveStatus: 'ACTIVE' },
          clear: ['issue', 'reviewFeedback'],
        }),
      );
      expect(newer.outcome).toBe('applied');
      const stored = await m.getObject('act_55', '900');
      expect(stored).toMatchObject({
        statusName: 'Active',
        effectiveStatus: 'ACTIVE',
        eventTime: new Date(3000).toISOString(),
      });
      expect(stored?.issue).toBeUndefined();
    });

    it('keeps fields other writers put on the record', async () => {
      const m = mirror();
      await m.applyObjectState(patch(1000, 'a', { objectId: '901' }));
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: adObjectKey('act_55', '901'),
          UpdateExpression: 'SET #name = :name, dailyBudget = :b',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ':name': 'Spring sale', ':b': 5000 },
        }),
      );
      const next = await m.applyObjectState(patch(2000, 'a', { objectId: '901' }));
      expect(next.record).toMatchObject({ name: 'Spring sale', dailyBudget: 5000 });
    });

    it('lists the objects of an ad account, by level, and nothing else under its key', async () => {
      const m = mirror();
      await m.applyObjectState(patch(1000, 'a', { adAccountId: 'act_66', objectId: '1', level: 'campaign' }));
      await m.applyObjectState(patch(1000, 'a', { adAccountId: 'act_66', objectId: '2', level: 'ad' }));
      await m.applyAccountStatus({
        adAccountId: 'act_66',
        accountStatus: 2,
        accountStatusName: 'DISABLED',
        eventTime: new Date(1000).toISOString(),
        order: eventOrder(1000, 'a'.repeat(64)),
      });
      // The connection store's reverse index lives under the same key.
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: 'ADACCOUNT#act_66', sk: 'WS#ws-1', workspaceId: 'ws-1' },
        }),
      );
      expect((await m.listObjects('act_66')).map((o) => o.id).sort()).toEqual(['1', '2']);
      expect((await m.listObjects('act_66', { level: 'campaign' })).map((o) => o.id)).toEqual(['1']);
      expect(await m.listObjects('act_none')).toEqual([]);
    });

    it('orders account status writes the same way and drops a reason that no longer applies', async () => {
      const m = mirror();
      const write = (time: number, accountStatus: number, disableReason?: number) =>
        m.applyAccountStatus({
          adAccountId: 'act_77',
          accountStatus,
          accountStatusName: String(accountStatus),
          ...(disableReason === undefined ? {} : { disableReason, disableReasonName: String(disableReason) }),
          eventTime: new Date(time).toISOString(),
          order: eventOrder(time, 'a'.repeat(64)),
        });
      await expect(write(2000, 2, 1)).resolves.toMatchObject({ outcome: 'applied' });
      await expect(write(1000, 1)).resolves.toMatchObject({ outcome: 'stale' });
      await expect(write(3000, 1)).resolves.toMatchObject({ outcome: 'applied' });
      const status = await m.getAccountStatus('act_77');
      expect(status).toMatchObject({ accountStatus: 1 });
      expect(status?.disableReason).toBeUndefined();
      await expect(m.getAccountStatus('act_none')).resolves.toBeUndefined();
    });
  });
});
