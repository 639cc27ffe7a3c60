import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ManagedObject } from '../../../../shared/domain/managed-object';
import type { AuditEntry } from '../../../../shared/domain/mutation';
import { ValidationError } from '../../../../shared/platform/errors';
import { DynamoAuditStore } from '../../../../shared/store/dynamodb/audit-store';
import { encodeCursor } from '../../../../shared/store/dynamodb/cursor';
import { createLocalAppTable, type LocalAppTable } from '../../support/local-app-table';

const campaign: ManagedObject = {
  id: '120330000000001',
  level: 'campaign',
  adAccountId: 'act_1',
  name: 'Spring sale',
  status: 'PAUSED',
  currency: 'USD',
  dailyBudget: 5_000,
  updatedAt: '2026-12-01T10:00:00.000Z',
};

function entry(n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `au-${n}`,
    workspaceId: 'ws-1',
    at: `2026-12-01T10:00:${String(n).padStart(2, '0')}.000Z`,
    actor: { kind: n % 2 ? 'agent' : 'user', sub: n % 3 ? 'sub-a' : 'sub-b' },
    action: 'update',
    level: 'campaign',
    objectId: n % 4 ? 'obj-x' : 'obj-y',
    adAccountId: 'act_1',
    request: { method: 'PATCH', path: `/meta/campaigns/${n}`, body: { dailyBudget: 6_000 } },
    before: campaign,
    after: { ...campaign, dailyBudget: 6_000 },
    outcome: { status: 200 },
    ...overrides,
  };
}

describe('DynamoAuditStore on DynamoDB Local', () => {
  let table: LocalAppTable;
  const entries = Array.from({ length: 12 }, (_, i) => entry(i + 1));
  beforeAll(async () => {
    table = await createLocalAppTable('audit');
    const s = store();
    for (const e of entries) await s.append(e);
    await s.append(entry(1, { workspaceId: 'ws-other', id: 'au-foreign' }));
  });
  afterAll(() => table.close());
  const store = () => new DynamoAuditStore({ client: table.client, tableName: table.tableName });

  /** Every page of a list, following cursors. */
  async function allPages(options: Parameters<DynamoAuditStore['list']>[1]): Promise<AuditEntry[][]> {
    const pages: AuditEntry[][] = [];
    let cursor: string | undefined;
    do {
      const page = await store().list('ws-1', { ...options, ...(cursor ? { cursor } : {}) });
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return pages;
  }

  it('lists a workspace’s entries newest first, whole, in pages', async () => {
    const pages = await allPages({ limit: 5 });
    expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
    expect(pages.flat()).toEqual([...entries].reverse());
  });

  it('keeps an entry under sk AUDIT#<at>#<id> with the request and objects compressed', async () => {
    const { Item } = await table.client.send(
      new GetCommand({
        TableName: table.tableName,
        Key: { pk: 'WS#ws-1', sk: 'AUDIT#2026-12-01T10:00:01.000Z#au-1' },
      }),
    );
    expect(Item).toMatchObject({ id: 'au-1', objectId: 'obj-x', actor: { kind: 'agent', sub: 'sub-a' } });
    expect(Item?.detail).toBeInstanceOf(Uint8Array);
    expect(Item?.before).toBeUndefined();
  });

  it('fills each page of a filtered list until the limit or the end', async () => {
    const byObject = await allPages({ limit: 2, objectId: 'obj-y' });
    expect(byObject.flat().map((e) => e.id)).toEqual(['au-12', 'au-8', 'au-4']);
    expect(byObject.map((p) => p.length)).toEqual([2, 1]);

    const agentsOfSubB = await allPages({ limit: 10, actorKind: 'agent', actorSub: 'sub-b' });
    expect(agentsOfSubB.flat().map((e) => e.id)).toEqual(['au-9', 'au-3']);

    const users = await allPages({ limit: 4, actorKind: 'user' });
    expect(users.flat().map((e) => e.id)).toEqual(['au-12', 'au-10', 'au-8', 'au-6', 'au-4', 'au-2']);
    expect(users.every((p) => p.length > 0)).toBe(true);
  });

  it('answers an empty page when nothing matches', async () => {
    expect(await store().list('ws-1', { limit: 5, objectId: 'nothing' })).toEqual({ items: [] });
    expect(await store().list('ws-empty', { limit: 5 })).toEqual({ items: [] });
  });

  it('refuses a cursor of another workspace, of another list, or of no list', async () => {
    const foreign = encodeCursor({ pk: 'WS#ws-other', sk: 'AUDIT#2026-12-01T10:00:01.000Z#au-foreign' });
    const approvals = encodeCursor({ pk: 'WS#ws-1', sk: 'APPROVAL#ap_1' });
    for (const cursor of [foreign, approvals, 'not-a-cursor'])
      await expect(store().list('ws-1', { limit: 5, cursor })).rejects.toBeInstanceOf(ValidationError);
  });

  it('round-trips a large compressible entry and keeps an incompressible one under the item limit', async () => {
    const big = { ...campaign, targeting: { note: 'geo '.repeat(250_000) } };
    const large = entry(40, { workspaceId: 'ws-big', before: big, after: big });
    await store().append(large);
    expect((await store().list('ws-big', { limit: 1 })).items).toEqual([large]);

    const noise = { ...campaign, targeting: { noise: randomBytes(300_000).toString('base64') } };
    const huge = entry(41, { workspaceId: 'ws-huge', before: noise, after: noise });
    await store().append(huge);
    const [stored] = (await store().list('ws-huge', { limit: 1 })).items;
    // What a reader needs stays; the objects and the body are left out.
    const { before: _b, after: _a, request, ...rest } = huge;
    expect(stored).toEqual({ ...rest, request: { method: request.method, path: request.path } });
  });

  it('builds the transact Put that append writes', () => {
    const item = store().appendItem(entry(1));
    expect(item.Put).toMatchObject({
      TableName: table.tableName,
      Item: { pk: 'WS#ws-1', sk: 'AUDIT#2026-12-01T10:00:01.000Z#au-1', id: 'au-1' },
    });
  });
});
