import {
  type ReconcileOptions,
  reconcileAsset,
  reconcileInventory,
  sameContent,
} from '../../../shared/domain/asset-reconcile';
import type { Asset, SeenAsset } from '../../../shared/domain/asset-record';

const NOW = '2026-08-01T10:00:00.000Z';
const EARLIER = '2026-07-01T10:00:00.000Z';

const full: ReconcileOptions = { workspaceId: 'ws1', runId: 'run2', now: NOW, complete: true, cleanup: true };
const partial: ReconcileOptions = { ...full, complete: false, cleanup: false };

function seen(overrides: Partial<SeenAsset> = {}): SeenAsset {
  return {
    type: 'ad-accounts',
    id: 'act_1',
    name: 'Account 1',
    ownership: 'client',
    businessId: 'b1',
    currency: 'USD',
    tokenIds: ['t1'],
    ...overrides,
  };
}

function stored(overrides: Partial<Asset> = {}): Asset {
  return {
    workspaceId: 'ws1',
    ...seen(),
    status: 'active',
    lastSeenRunId: 'run1',
    changedRunId: 'run1',
    change: 'added',
    firstSeenAt: EARLIER,
    updatedAt: EARLIER,
    ...overrides,
  };
}

describe('reconcileAsset', () => {
  it('adds an asset seen for the first time', () => {
    const result = reconcileAsset(undefined, seen(), full);
    expect(result.outcome).toBe('added');
    expect(result.write).toEqual({
      workspaceId: 'ws1',
      type: 'ad-accounts',
      id: 'act_1',
      name: 'Account 1',
      ownership: 'client',
      businessId: 'b1',
      currency: 'USD',
      tokenIds: ['t1'],
      status: 'active',
      lastSeenRunId: 'run2',
      changedRunId: 'run2',
      change: 'added',
      firstSeenAt: NOW,
      updatedAt: NOW,
    });
  });

  it('writes nothing for an unchanged asset', () => {
    expect(reconcileAsset(stored(), seen(), full)).toEqual({ outcome: 'unchanged' });
    expect(reconcileAsset(stored(), seen(), partial)).toEqual({ outcome: 'unchanged' });
  });

  it('is not fooled by token order', () => {
    expect(
      reconcileAsset(stored({ tokenIds: ['t1', 't2'] }), seen({ tokenIds: ['t2', 't1'] }), full).outcome,
    ).toBe('unchanged');
  });

  it.each([
    ['name', { name: 'Renamed' }],
    ['currency', { currency: 'EUR' }],
    ['timezone', { timezone: 'Asia/Tokyo' }],
    ['status', { accountStatus: 2 }],
    ['ownership', { ownership: 'owned' as const }],
    ['business', { businessId: 'b9' }],
    ['token access', { tokenIds: ['t1', 't2'] }],
  ])('updates when the %s changed', (_what, change) => {
    const result = reconcileAsset(stored(), seen(change), full);
    expect(result.outcome).toBe('updated');
    expect(result.write).toMatchObject({
      ...change,
      changedRunId: 'run2',
      change: 'updated',
      lastSeenRunId: 'run2',
    });
    expect(result.write?.firstSeenAt).toBe(EARLIER);
  });

  it('drops a detail Meta stopped sending', () => {
    const { currency: _c, ...withoutCurrency } = seen();
    const result = reconcileAsset(stored(), withoutCurrency, full);
    expect(result.outcome).toBe('updated');
    expect(result.write && 'currency' in result.write).toBe(false);
  });

  it('replaces token access and ownership in a complete run', () => {
    const result = reconcileAsset(
      stored({ ownership: 'owned', tokenIds: ['t1', 't2'] }),
      seen({ ownership: 'assigned', tokenIds: ['t2'] }),
      full,
    );
    expect(result.write).toMatchObject({ ownership: 'assigned', tokenIds: ['t2'] });
  });

  it('only widens token access and ownership in a partial run', () => {
    const result = reconcileAsset(
      stored({ ownership: 'owned', tokenIds: ['t1'] }),
      seen({ ownership: 'assigned', tokenIds: ['t2'], name: 'Renamed' }),
      partial,
    );
    expect(result.outcome).toBe('updated');
    expect(result.write).toMatchObject({ ownership: 'owned', tokenIds: ['t1', 't2'], name: 'Renamed' });
  });

  it('drops tokens known to be invalid even in a partial run', () => {
    const result = reconcileAsset(stored({ tokenIds: ['t1', 'revoked'] }), seen({ tokenIds: ['t1'] }), {
      ...partial,
      invalidTokenIds: new Set(['revoked']),
    });
    expect(result.write?.tokenIds).toEqual(['t1']);
  });

  it('keeps a stored business id in a partial run when the sighting has none', () => {
    const { businessId: _b, ...noBusiness } = seen();
    expect(reconcileAsset(stored(), noBusiness, partial).outcome).toBe('unchanged');
  });

  it('brings a removed asset back as added, keeping its history', () => {
    const result = reconcileAsset(
      stored({
        status: 'removed',
        removedAt: EARLIER,
        change: 'removed',
        ownership: 'owned',
        tokenIds: ['t9'],
      }),
      seen(),
      partial,
    );
    expect(result.outcome).toBe('added');
    expect(result.write).toMatchObject({
      status: 'active',
      firstSeenAt: EARLIER,
      ownership: 'client',
      tokenIds: ['t1'],
    });
    expect(result.write && 'removedAt' in result.write).toBe(false);
  });

  it('removes an active asset not seen when cleanup is allowed', () => {
    const result = reconcileAsset(stored(), undefined, full);
    expect(result.outcome).toBe('removed');
    expect(result.write).toMatchObject({
      status: 'removed',
      removedAt: NOW,
      changedRunId: 'run2',
      change: 'removed',
      lastSeenRunId: 'run1',
      name: 'Account 1',
    });
  });

  it('keeps an active asset not seen when cleanup is not allowed', () => {
    expect(reconcileAsset(stored(), undefined, partial)).toEqual({ outcome: 'kept' });
    expect(reconcileAsset(stored(), undefined, { ...full, cleanup: false })).toEqual({ outcome: 'kept' });
  });

  it('leaves an asset removed before alone', () => {
    expect(reconcileAsset(stored({ status: 'removed', change: 'removed' }), undefined, full)).toEqual({
      outcome: 'unchanged',
    });
  });

  it('has nothing to do without a stored or seen asset', () => {
    expect(reconcileAsset(undefined, undefined, full)).toEqual({ outcome: 'unchanged' });
  });

  describe('a redelivered run', () => {
    it('counts an asset it added before as added, without writing again', () => {
      const first = reconcileAsset(undefined, seen(), full).write;
      expect(first).toBeDefined();
      expect(reconcileAsset(first, seen(), full)).toEqual({ outcome: 'added' });
    });

    it('counts an asset it updated before as updated', () => {
      const first = reconcileAsset(stored(), seen({ name: 'Renamed' }), full).write;
      expect(reconcileAsset(first, seen({ name: 'Renamed' }), full)).toEqual({ outcome: 'updated' });
    });

    it('counts an asset it removed before as removed', () => {
      const first = reconcileAsset(stored(), undefined, full).write;
      expect(reconcileAsset(first, undefined, full)).toEqual({ outcome: 'removed' });
    });

    it('does not count changes made by an earlier run', () => {
      expect(reconcileAsset(stored({ changedRunId: 'run1', change: 'updated' }), seen(), full)).toEqual({
        outcome: 'unchanged',
      });
    });
  });
});

describe('sameContent', () => {
  it('ignores bookkeeping and compares everything Meta decides', () => {
    const a = stored();
    expect(sameContent(a, { ...a, changedRunId: 'x', updatedAt: NOW, lastSeenRunId: 'y' } as Asset)).toBe(
      true,
    );
    expect(sameContent(a, { ...a, status: 'removed' })).toBe(false);
    expect(sameContent(a, { ...a, category: 'Shop' })).toBe(false);
    expect(sameContent(a, { ...a, tokenIds: ['t2'] })).toBe(false);
  });
});

describe('reconcileInventory', () => {
  const seenMap = (assets: SeenAsset[]) => new Map(assets.map((a) => [`${a.type}#${a.id}`, a]));

  it('counts found, added, updated and removed and writes only those', () => {
    const existing = [
      stored({ id: 'act_1' }),
      stored({ id: 'act_2' }),
      stored({ id: 'act_3' }),
      stored({ id: 'act_4', status: 'removed', change: 'removed' }),
    ];
    const changes = reconcileInventory(
      existing,
      seenMap([seen({ id: 'act_1' }), seen({ id: 'act_2', name: 'Renamed' }), seen({ id: 'act_5' })]),
      full,
    );
    expect(changes.counts).toEqual({ found: 3, added: 1, updated: 1, removed: 1 });
    expect(changes.writes.map((w) => [w.id, w.change]).sort()).toEqual([
      ['act_2', 'updated'],
      ['act_3', 'removed'],
      ['act_5', 'added'],
    ]);
  });

  it('writes nothing when the tenant did not change', () => {
    const existing = [stored({ id: 'act_1' }), stored({ id: 'act_2' })];
    const changes = reconcileInventory(
      existing,
      seenMap([seen({ id: 'act_1' }), seen({ id: 'act_2' })]),
      full,
    );
    expect(changes).toEqual({ writes: [], counts: { found: 2, added: 0, updated: 0, removed: 0 } });
  });

  it('removes nothing in a partial run', () => {
    const changes = reconcileInventory(
      [stored({ id: 'act_1' }), stored({ id: 'act_2' })],
      seenMap([]),
      partial,
    );
    expect(changes).toEqual({ writes: [], counts: { found: 0, added: 0, updated: 0, removed: 0 } });
  });

  it('converges: applying the writes and running again writes nothing and counts the same', () => {
    const existing = [stored({ id: 'act_1' }), stored({ id: 'act_2' })];
    const sightings = seenMap([seen({ id: 'act_1', currency: 'EUR' }), seen({ id: 'act_9' })]);
    const first = reconcileInventory(existing, sightings, full);
    const byId = new Map(existing.map((a) => [a.id, a]));
    // Only half the writes landed before a crash.
    for (const write of first.writes.slice(0, 1)) byId.set(write.id, write);
    const second = reconcileInventory(byId.values(), sightings, full);
    for (const write of second.writes) byId.set(write.id, write);
    const third = reconcileInventory(byId.values(), sightings, full);
    expect(second.counts).toEqual(first.counts);
    expect(third.writes).toEqual([]);
    expect(third.counts).toEqual(first.counts);
  });
});
