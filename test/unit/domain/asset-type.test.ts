import {
  ASSET_TYPES,
  coversAssetTypes,
  normalizeAssetTypes,
  type Ownership,
  strongerOwnership,
} from '../../../shared/domain/asset-type';

describe('strongerOwnership', () => {
  const cases: [Ownership, Ownership, Ownership][] = [
    ['owned', 'owned', 'owned'],
    ['owned', 'client', 'owned'],
    ['owned', 'assigned', 'owned'],
    ['client', 'owned', 'owned'],
    ['client', 'client', 'client'],
    ['client', 'assigned', 'client'],
    ['assigned', 'owned', 'owned'],
    ['assigned', 'client', 'client'],
    ['assigned', 'assigned', 'assigned'],
  ];
  it.each(cases)('%s vs %s is %s', (a, b, expected) => {
    expect(strongerOwnership(a, b)).toBe(expected);
  });
});

describe('normalizeAssetTypes', () => {
  it('means every type when nothing is asked for', () => {
    expect(normalizeAssetTypes()).toEqual([...ASSET_TYPES]);
    expect(normalizeAssetTypes([])).toEqual([...ASSET_TYPES]);
  });

  it('deduplicates and orders the requested types canonically', () => {
    expect(normalizeAssetTypes(['pixels', 'ad-accounts', 'pixels'])).toEqual(['ad-accounts', 'pixels']);
  });
});

describe('coversAssetTypes', () => {
  it('is true for a subset and false when a type is missing', () => {
    expect(coversAssetTypes(['pages', 'pixels'], ['pixels'])).toBe(true);
    expect(coversAssetTypes(['pages', 'pixels'], ['pixels', 'catalogs'])).toBe(false);
    expect(coversAssetTypes(['pages'], [])).toBe(true);
  });
});
