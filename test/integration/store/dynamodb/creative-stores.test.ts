import { type BriefRecord, newBriefId } from '../../../../shared/domain/creative-brief';
import type { CreativeRecord } from '../../../../shared/domain/creative-record';
import { ValidationError } from '../../../../shared/platform/errors';
import { DynamoBriefStore } from '../../../../shared/store/dynamodb/brief-store';
import { DynamoCreativeStore } from '../../../../shared/store/dynamodb/creative-store';
import { DynamoIdempotencyStore } from '../../../../shared/store/dynamodb/idempotency-store';
import { createLocalMutationTables, type LocalMutationTables } from '../../support/local-app-table';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
let counter = 0;
const bytes = (n: number) => new Uint8Array(n).fill(++counter % 256);
const claimOptions = { ttlSeconds: 3600, inFlightSeconds: 60 };

function brief(minute: number, overrides: Partial<BriefRecord> = {}): BriefRecord {
  const at = new Date(T0 + minute * 60_000);
  return {
    workspaceId: 'ws-1',
    id: newBriefId(at, bytes),
    title: `Brief ${minute}`,
    headline: 'New in',
    link: 'https://shop.example/',
    callToAction: 'SHOP_NOW',
    uploadIds: ['upl_000000000000000000000001'],
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    ...overrides,
  };
}

function creative(minute: number, id: string, overrides: Partial<CreativeRecord> = {}): CreativeRecord {
  return {
    workspaceId: 'ws-1',
    id,
    name: `Creative ${minute}`,
    format: 'image',
    pageId: '1000000001',
    adAccountId: 'act_1',
    uploadIds: ['upl_000000000000000000000001'],
    createdBy: { kind: 'user', sub: 'u-1' },
    createdAt: new Date(T0 + minute * 60_000).toISOString(),
    ...overrides,
  };
}

describe('DynamoBriefStore and DynamoCreativeStore on DynamoDB Local', () => {
  let tables: LocalMutationTables;
  beforeAll(async () => {
    tables = await createLocalMutationTables('creatives');
  });
  afterAll(() => tables.close());
  const options = () => ({
    client: tables.client,
    tableName: tables.tableName,
    idempotencyTableName: tables.idempotencyTableName,
  });
  const briefs = () => new DynamoBriefStore(options());
  const creatives = () => new DynamoCreativeStore(options());
  const idempotency = () =>
    new DynamoIdempotencyStore({ client: tables.client, tableName: tables.idempotencyTableName });

  it('creates, reads, replaces and deletes a brief; another workspace neither sees nor changes it', async () => {
    const b = brief(1);
    await briefs().create(b);
    expect(await briefs().get('ws-1', b.id)).toEqual(b);
    expect(await briefs().get('ws-2', b.id)).toBeUndefined();
    await expect(briefs().create(b)).rejects.toThrow();

    const { headline: _gone, ...rest } = b;
    const replaced = { ...rest, title: 'Replaced', updatedAt: '2026-12-01T11:00:00.000Z' };
    expect(await briefs().replace(replaced)).toBe(true);
    expect(await briefs().get('ws-1', b.id)).toEqual(replaced);
    expect(await briefs().replace({ ...replaced, workspaceId: 'ws-2' })).toBe(false);
    expect(await briefs().get('ws-2', b.id)).toBeUndefined();

    expect(await briefs().delete('ws-2', b.id)).toBe(false);
    expect(await briefs().delete('ws-1', b.id)).toBe(true);
    expect(await briefs().delete('ws-1', b.id)).toBe(false);
    expect(await briefs().get('ws-1', b.id)).toBeUndefined();
  });

  it('writes a keyed brief create and its answer together: the key then replays it', async () => {
    const b = brief(2);
    const scope = { workspaceId: 'ws-1', key: 'brief-key-1' };
    expect(await idempotency().claim(scope, 'fp-1', claimOptions)).toEqual({
      kind: 'claimed',
      resumed: false,
    });
    const answer = { status: 201, body: { id: b.id } };
    await briefs().create(b, { scope, fingerprint: 'fp-1', answer, ttlSeconds: 3600 });
    expect(await briefs().get('ws-1', b.id)).toEqual(b);
    expect(await idempotency().claim(scope, 'fp-1', claimOptions)).toEqual({ kind: 'replay', answer });
  });

  it('lists briefs newest first, page by page; a cursor of another workspace is refused', async () => {
    const store = new DynamoBriefStore(options());
    const ws = 'ws-list';
    const made = [10, 11, 12].map((minute) => brief(minute, { workspaceId: ws }));
    for (const b of made) await store.create(b);
    const first = await store.list(ws, { limit: 2 });
    expect(first.items.map((b) => b.title)).toEqual(['Brief 12', 'Brief 11']);
    const second = await store.list(ws, {
      limit: 2,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });
    expect(second.items.map((b) => b.title)).toEqual(['Brief 10']);
    expect(second.nextCursor).toBeUndefined();
    await expect(store.list('ws-other', { limit: 2, cursor: first.nextCursor ?? '' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('saves creatives with their answer in one write and lists them newest first', async () => {
    const ws = 'ws-creatives';
    const scope = { workspaceId: ws, key: 'creative-key-1' };
    await idempotency().claim(scope, 'fp-c', claimOptions);
    const answer = { status: 201, body: { id: '900' } };
    // Meta's ids do not sort by time: the newest has the smallest id here.
    await creatives().save(creative(1, '900', { workspaceId: ws }), {
      scope,
      fingerprint: 'fp-c',
      answer,
      ttlSeconds: 3600,
    });
    await creatives().save(creative(2, '8000', { workspaceId: ws, format: 'carousel' }));
    await creatives().save(creative(3, '70', { workspaceId: ws, briefId: newBriefId(new Date(T0), bytes) }));

    expect(await idempotency().claim(scope, 'fp-c', claimOptions)).toEqual({ kind: 'replay', answer });
    const first = await creatives().list(ws, { limit: 2 });
    expect(first.items.map((c) => c.id)).toEqual(['70', '8000']);
    const rest = await creatives().list(ws, {
      limit: 2,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });
    expect(rest.items).toEqual([creative(1, '900', { workspaceId: ws })]);
    expect((await creatives().list('ws-nobody', { limit: 10 })).items).toEqual([]);
  });
});
