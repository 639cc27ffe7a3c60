import { mergeObservations, sortedUnion } from '../../../shared/domain/asset-merge';
import type { AssetObservation } from '../../../shared/domain/asset-record';

function sighting(overrides: Partial<AssetObservation> = {}): AssetObservation {
  return {
    type: 'ad-accounts',
    id: 'act_1',
    name: 'Account 1',
    source: 'client',
    tokenIds: ['t1'],
    ...overrides,
  };
}

describe('mergeObservations', () => {
  it('keeps one entry per type and id', () => {
    const merged = mergeObservations([
      sighting(),
      sighting({ id: 'act_2' }),
      sighting({ type: 'pages', id: 'act_1' }),
    ]);
    expect([...merged.keys()].sort()).toEqual(['ad-accounts#act_1', 'ad-accounts#act_2', 'pages#act_1']);
  });

  it('keeps the strongest relationship, whatever the order of the sightings', () => {
    const sightings = [
      sighting({ source: 'assigned' }),
      sighting({ source: 'owned' }),
      sighting({ source: 'client' }),
    ];
    for (const order of [sightings, [...sightings].reverse()]) {
      expect(mergeObservations(order).get('ad-accounts#act_1')?.ownership).toBe('owned');
    }
  });

  it('takes name and details from the strongest source', () => {
    const merged = mergeObservations([
      sighting({ source: 'assigned', name: 'Old name', currency: 'EUR' }),
      sighting({ source: 'owned', name: 'New name', currency: 'USD', timezone: 'Europe/Berlin' }),
    ]).get('ad-accounts#act_1');
    expect(merged).toMatchObject({ name: 'New name', currency: 'USD', timezone: 'Europe/Berlin' });
  });

  it('keeps the first sighting when two sources are equally strong', () => {
    const merged = mergeObservations([sighting({ name: 'First' }), sighting({ name: 'Second' })]).get(
      'ad-accounts#act_1',
    );
    expect(merged?.name).toBe('First');
  });

  it('unions token access across sightings, sorted', () => {
    const merged = mergeObservations([
      sighting({ tokenIds: ['t2'] }),
      sighting({ source: 'owned', tokenIds: ['t1'] }),
      sighting({ tokenIds: ['t2', 't3'] }),
    ]).get('ad-accounts#act_1');
    expect(merged?.tokenIds).toEqual(['t1', 't2', 't3']);
  });

  it('keeps a business id that only the weaker sighting carries', () => {
    const merged = mergeObservations([
      sighting({ source: 'client', businessId: 'b1' }),
      sighting({ source: 'owned' }),
    ]).get('ad-accounts#act_1');
    expect(merged?.businessId).toBe('b1');
    const reverse = mergeObservations([
      sighting({ source: 'owned' }),
      sighting({ source: 'client', businessId: 'b2' }),
    ]).get('ad-accounts#act_1');
    expect(reverse?.businessId).toBe('b2');
  });

  it('leaves businessId out when no sighting has one', () => {
    const merged = mergeObservations([sighting()]).get('ad-accounts#act_1');
    expect(merged && 'businessId' in merged).toBe(false);
  });

  it('drops types the run does not cover', () => {
    const merged = mergeObservations([sighting(), sighting({ type: 'pixels', id: 'px1' })], {
      types: ['pixels'],
    });
    expect([...merged.keys()]).toEqual(['pixels#px1']);
  });

  it('strips invalid tokens and drops sightings left without one', () => {
    const merged = mergeObservations(
      [sighting({ tokenIds: ['bad', 'good'] }), sighting({ id: 'act_2', tokenIds: ['bad'] })],
      { excludeTokenIds: new Set(['bad']) },
    );
    expect(merged.get('ad-accounts#act_1')?.tokenIds).toEqual(['good']);
    expect(merged.has('ad-accounts#act_2')).toBe(false);
  });

  it('does not let a stripped strong sighting decide the relationship', () => {
    const merged = mergeObservations(
      [sighting({ source: 'owned', tokenIds: ['bad'] }), sighting({ source: 'client' })],
      {
        excludeTokenIds: new Set(['bad']),
      },
    );
    expect(merged.get('ad-accounts#act_1')?.ownership).toBe('client');
  });

  it('copies only known detail fields', () => {
    const merged = mergeObservations([
      { ...sighting({ accountStatus: 2, disableReason: 1 }), extra: 'x' } as AssetObservation,
    ]).get('ad-accounts#act_1');
    expect(merged).toEqual({
      type: 'ad-accounts',
      id: 'act_1',
      name: 'Account 1',
      ownership: 'client',
      accountStatus: 2,
      disableReason: 1,
      tokenIds: ['t1'],
    });
  });
});

describe('sortedUnion', () => {
  it('merges, deduplicates and sorts', () => {
    expect(sortedUnion(['b', 'a'], ['c', 'a'])).toEqual(['a', 'b', 'c']);
    expect(sortedUnion([], [])).toEqual([]);
  });
});
