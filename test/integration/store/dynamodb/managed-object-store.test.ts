import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ManagedObject } from '../../../../shared/domain/managed-object';
import { ValidationError } from '../../../../shared/platform/errors';
import { adObjectKey } from '../../../../shared/store/dynamodb/ad-object-keys';
import { DynamoAdObjectMirror } from '../../../../shared/store/dynamodb/ad-object-mirror';
import { encodeCursor } from '../../../../shared/store/dynamodb/cursor';
import { DynamoManagedObjectStore } from '../../../../shared/store/dynamodb/managed-object-store';
import { createLocalAppTable, type LocalAppTable } from '../../support/local-app-table';

const UPDATED = '2026-12-01T10:00:00.000Z';

function campaign(id: string, overrides: Partial<ManagedObject> = {}): ManagedObject {
  return {
    id,
    level: 'campaign',
    adAccountId: 'act_1',
    name: `Campaign ${id}`,
    status: 'PAUSED',
    currency: 'USD',
    objective: 'OUTCOME_SALES',
    specialAdCategories: [],
    dailyBudget: 5_000,
    createdBy: { kind: 'agent', sub: 'agent-a' },
    updatedAt: UPDATED,
    ...overrides,
  };
}

function adSet(id: string, campaignId: string, overrides: Partial<ManagedObject> = {}): ManagedObject {
  return {
    id,
    level: 'adset',
    adAccountId: 'act_1',
    name: `Ad set ${id}`,
    status: 'ACTIVE',
    currency: 'USD',
    campaignId,
    billingEvent: 'IMPRESSIONS',
    optimizationGoal: 'OFFSITE_CONVERSIONS',
    targeting: { geo_locations: { countries: ['US'] } },
    dailyBudget: 1_000,
    updatedAt: UPDATED,
    ...overrides,
  };
}

describe('DynamoManagedObjectStore on DynamoDB Local', () => {
  let table: LocalAppTable;
  beforeAll(async () => {
    table = await createLocalAppTable('objects');
  });
  afterAll(() => table.close());
  const store = () => new DynamoManagedObjectStore({ client: table.client, tableName: table.tableName });
  const mirror = () => new DynamoAdObjectMirror({ client: table.client, tableName: table.tableName });
  const rawItem = async (adAccountId: string, id: string) =>
    (
      await table.client.send(
        new GetCommand({
          TableName: table.tableName,
          Key: adObjectKey(adAccountId, id),
        }),
      )
    ).Item;

  it('writes and reads an object in the mirror’s item', async () => {
    const c = campaign('100');
    await store().put(c);
    expect(await store().get('act_1', '100')).toEqual(c);
    expect(await store().get('act_2', '100')).toBeUndefined();
    expect(await store().get('act_1', 'unknown')).toBeUndefined();
  });

  it('removes a field the new state lacks (a PATCH that drops a budget)', async () => {
    await store().put(campaign('101', { dailyBudget: 5_000, bidStrategy: 'LOWEST_COST_WITHOUT_CAP' }));
    const { dailyBudget: _d, bidStrategy: _b, ...rest } = campaign('101');
    const noBudget: ManagedObject = { ...rest, lifetimeBudget: 90_000 };
    await store().put(noBudget);
    expect(await store().get('act_1', '101')).toEqual(noBudget);
    expect(await rawItem('act_1', '101')).not.toHaveProperty('dailyBudget');
  });

  it('leaves the webhook’s attributes alone and keeps its effective status unless we know one', async () => {
    await store().put(campaign('102'));
    await mirror().applyObjectState({
      adAccountId: 'act_1',
      objectId: '102',
      level: 'campaign',
      eventTime: '2026-12-01T10:05:00.000Z',
      order: '2026-12-01T10:05:00.000Z#k1',
      set: { effectiveStatus: 'WITH_ISSUES', issue: { summary: 'Card declined' }, statusName: 'With issues' },
      clear: [],
    });
    await store().put(campaign('102', { name: 'Renamed' }));
    const raw = await rawItem('act_1', '102');
    expect(raw).toMatchObject({
      order: '2026-12-01T10:05:00.000Z#k1',
      eventTime: '2026-12-01T10:05:00.000Z',
      issue: { summary: 'Card declined' },
      statusName: 'With issues',
      effectiveStatus: 'WITH_ISSUES',
      name: 'Renamed',
    });
    // Read back, the object carries our fields and the shared effective status only.
    expect(await store().get('act_1', '102')).toEqual(
      campaign('102', { name: 'Renamed', effectiveStatus: 'WITH_ISSUES' }),
    );
    await store().put(campaign('102', { name: 'Renamed', effectiveStatus: 'PAUSED' }));
    expect(await store().get('act_1', '102')).toMatchObject({ effectiveStatus: 'PAUSED' });
    // A later webhook still applies over our write (its order condition is its own).
    const next = await mirror().applyObjectState({
      adAccountId: 'act_1',
      objectId: '102',
      level: 'campaign',
      eventTime: '2026-12-01T10:06:00.000Z',
      order: '2026-12-01T10:06:00.000Z#k2',
      set: { effectiveStatus: 'ACTIVE', statusName: 'Active' },
      clear: ['issue'],
    });
    expect(next.outcome).toBe('applied');
    expect(await store().get('act_1', '102')).toMatchObject({ name: 'Renamed', effectiveStatus: 'ACTIVE' });
  });

  it('reads an object only webhooks wrote (made in Ads Manager) as undefined, and lists it nowhere', async () => {
    await mirror().applyObjectState({
      adAccountId: 'act_9',
      objectId: '900',
      level: 'campaign',
      eventTime: '2026-12-01T10:05:00.000Z',
      order: '2026-12-01T10:05:00.000Z#k9',
      set: { effectiveStatus: 'ACTIVE' },
      clear: [],
    });
    expect(await store().get('act_9', '900')).toBeUndefined();
    expect(await store().getMany('act_9', ['900'])).toEqual([]);
    expect(await store().listAccount('act_9')).toEqual([]);
    expect(await store().list(['act_9'], { level: 'campaign', limit: 10, includeDeleted: true })).toEqual({
      items: [],
    });
  });

  it('gets many in the order asked, leaving out the missing ones', async () => {
    await store().put(campaign('110'));
    await store().put(campaign('111'));
    const found = await store().getMany('act_1', ['111', 'missing', '110', '111']);
    expect(found.map((o) => o.id)).toEqual(['111', '110']);
    expect(await store().getMany('act_1', [])).toEqual([]);
  });

  describe('lists', () => {
    const accounts = ['act_20', 'act_21'];
    beforeAll(async () => {
      const s = store();
      for (const [i, act] of accounts.entries()) {
        for (let n = 0; n < 3; n++) await s.put(campaign(`2${i}${n}`, { adAccountId: act }));
        await s.put(campaign(`2${i}9`, { adAccountId: act, status: 'DELETED' }));
        await s.put(adSet(`3${i}0`, `2${i}0`, { adAccountId: act }));
        await s.put(adSet(`3${i}1`, `2${i}1`, { adAccountId: act }));
      }
      await s.put({ ...adSet('3a', '200', { adAccountId: 'act_20' }), level: 'ad', adSetId: '300' });
    });

    async function allPages(options: Parameters<DynamoManagedObjectStore['list']>[1], ids = accounts) {
      const pages: ManagedObject[][] = [];
      let cursor: string | undefined;
      do {
        const page = await store().list(ids, { ...options, ...(cursor ? { cursor } : {}) });
        pages.push(page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return pages;
    }

    it('pages one level across ad accounts, DELETED only when asked', async () => {
      const live = await allPages({ level: 'campaign', limit: 2, includeDeleted: false });
      expect(live.flat().map((o) => o.id)).toEqual(['200', '201', '202', '210', '211', '212']);
      expect(live.map((p) => p.length)).toEqual([2, 2, 2]);

      const withDeleted = await allPages({ level: 'campaign', limit: 4, includeDeleted: true });
      expect(withDeleted.flat().map((o) => o.id)).toEqual([
        '200',
        '201',
        '202',
        '209',
        '210',
        '211',
        '212',
        '219',
      ]);
    });

    it('ends a page at an account boundary and goes on in the next account', async () => {
      const pages = await allPages({ level: 'campaign', limit: 3, includeDeleted: false });
      expect(pages.map((p) => p.map((o) => o.id))).toEqual([
        ['200', '201', '202'],
        ['210', '211', '212'],
      ]);
      const single = await store().list(['act_20'], { level: 'campaign', limit: 3, includeDeleted: false });
      expect(single.nextCursor).toBeUndefined();
    });

    it('filters by campaign and ad set', async () => {
      const ofCampaign = await allPages({
        level: 'adset',
        limit: 5,
        includeDeleted: false,
        campaignId: '211',
      });
      expect(ofCampaign.flat().map((o) => o.id)).toEqual(['311']);
      const ads = await allPages({ level: 'ad', limit: 5, includeDeleted: false, adSetId: '300' });
      expect(ads.flat().map((o) => o.id)).toEqual(['3a']);
      const none = await allPages({ level: 'ad', limit: 5, includeDeleted: false, adSetId: '999' });
      expect(none.flat()).toEqual([]);
    });

    it('lists every object of an account for the cap check, all levels and statuses', async () => {
      const all = await store().listAccount('act_20');
      expect(all.map((o) => o.id).sort()).toEqual(['200', '201', '202', '209', '300', '301', '3a']);
    });

    it('refuses a cursor of an ad account not asked for, or of another list', async () => {
      for (const cursor of [
        encodeCursor({ pk: 'ADACCOUNT#act_99', sk: 'OBJ#1' }),
        encodeCursor({ pk: 'ADACCOUNT#act_20', sk: 'ACCOUNT_STATUS' }),
        encodeCursor({ pk: 'WS#ws-1', sk: 'OBJ#1' }),
      ])
        await expect(
          store().list(accounts, { level: 'campaign', limit: 2, includeDeleted: false, cursor }),
        ).rejects.toBeInstanceOf(ValidationError);
    });
  });
});
