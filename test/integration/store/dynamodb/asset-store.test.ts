import type { Asset } from '../../../../shared/domain/asset-record';
import { ValidationError } from '../../../../shared/platform/errors';
import { DynamoAssetStore } from '../../../../shared/store/dynamodb/asset-store';
import { encodeCursor } from '../../../../shared/store/dynamodb/cursor';
import { useLocalAppTable } from '../../support/local-app-table';

function asset(id: string, overrides: Partial<Asset> = {}): Asset {
  return {
    workspaceId: 'ws1',
    type: 'ad-accounts',
    id,
    name: `Account ${id}`,
    ownership: 'owned',
    businessId: 'b1',
    tokenIds: ['t2', 't1'],
    status: 'active',
    lastSeenRunId: 'sr_1',
    changedRunId: 'sr_1',
    change: 'added',
    firstSeenAt: '2026-08-01T10:00:00.000Z',
    updatedAt: '2026-08-01T10:00:00.000Z',
    currency: 'USD',
    accountStatus: 1,
    ...overrides,
  };
}

describe('DynamoAssetStore on DynamoDB Local', () => {
  const store = new DynamoAssetStore();
  beforeAll(async () => {
    await useLocalAppTable('assets');
    const accounts = Array.from({ length: 60 }, (_, i) =>
      asset(
        `act_${String(i).padStart(3, '0')}`,
        i % 3 === 0 ? { status: 'removed', removedAt: '2026-08-02T00:00:00.000Z' } : {},
      ),
    );
    await store.putMany([
      ...accounts,
      asset('p1', { type: 'pages', tokenIds: [] }),
      asset('act_other', { workspaceId: 'ws2' }),
    ]);
  });

  it('round-trips an asset, token access as a sorted set', async () => {
    const [first] = (await store.list('ws1', 'ad-accounts', { limit: 1, includeRemoved: false })).items;
    expect(first).toEqual(asset('act_001', { tokenIds: ['t1', 't2'] }));
    const [page] = (await store.list('ws1', 'pages', { limit: 5, includeRemoved: false })).items;
    expect(page?.tokenIds).toEqual([]);
  });

  it('pages one type by Meta id, leaving removed assets out unless asked', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list('ws1', 'ad-accounts', {
        limit: 7,
        includeRemoved: false,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(40);
    expect(seen).toEqual([...seen].sort());
    const all = await store.list('ws1', 'ad-accounts', { limit: 100, includeRemoved: true });
    expect(all.items).toHaveLength(60);
    expect(all.items.filter((a) => a.status === 'removed')).toHaveLength(20);
  });

  it('loads every asset of the asked types, of this workspace only', async () => {
    const loaded = await store.loadAll('ws1', ['ad-accounts', 'pages']);
    expect(loaded).toHaveLength(61);
    expect(await store.loadAll('ws2', ['ad-accounts'])).toEqual([
      asset('act_other', { workspaceId: 'ws2', tokenIds: ['t1', 't2'] }),
    ]);
    expect(await store.loadAll('ws1', ['pixels'])).toEqual([]);
  });

  it('refuses a cursor of another workspace or another list', async () => {
    const foreign = encodeCursor({ pk: 'WS#ws2', sk: 'ASSET#ad-accounts#act_other' });
    await expect(
      store.list('ws1', 'ad-accounts', { limit: 5, includeRemoved: false, cursor: foreign }),
    ).rejects.toThrow(ValidationError);
    const otherList = encodeCursor({ pk: 'WS#ws1', sk: 'ASSET#pages#p1' });
    await expect(
      store.list('ws1', 'ad-accounts', { limit: 5, includeRemoved: false, cursor: otherList }),
    ).rejects.toThrow(ValidationError);
  });

  it('writes thousands of assets in concurrent batches, and a repeat converges', async () => {
    const many = Array.from({ length: 2600 }, (_, i) =>
      asset(`act_9${String(i).padStart(5, '0')}`, { workspaceId: 'ws-many' }),
    );
    await store.putMany(many);
    await store.putMany(many.slice(0, 1300));
    expect(await store.loadAll('ws-many', ['ad-accounts'])).toHaveLength(2600);
  });
});
