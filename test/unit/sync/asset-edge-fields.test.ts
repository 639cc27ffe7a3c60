import type { EdgeRead } from '../../../shared/domain/sync-plan';
import {
  assetItem,
  edgeFields,
  morePixelsAfter,
  observationOf,
  pixelObservation,
} from '../../../shared/sync/asset-edge-fields';

const read = (overrides: Partial<EdgeRead>): EdgeRead => ({
  edge: 'owned_ad_accounts',
  assetType: 'ad-accounts',
  source: 'owned',
  record: true,
  pixels: false,
  ...overrides,
});

describe('edgeFields', () => {
  it('asks only for the stored fields of each type', () => {
    expect(edgeFields(read({}))).toBe(
      'id,account_id,name,currency,timezone_name,account_status,disable_reason,business{id}',
    );
    expect(edgeFields(read({ edge: 'owned_pages', assetType: 'pages' }))).toBe(
      'id,name,category,business{id}',
    );
    expect(edgeFields(read({ edge: 'owned_pixels', assetType: 'pixels' }))).toBe(
      'id,name,owner_business{id}',
    );
    expect(edgeFields(read({ edge: 'client_product_catalogs', assetType: 'catalogs' }))).toBe(
      'id,name,vertical,business{id}',
    );
  });

  it('expands each ad account pixels, and only the id when the accounts are read for them alone', () => {
    expect(edgeFields(read({ pixels: true }))).toMatch(
      /,adspixels\.limit\(100\)\{id,name,owner_business\{id\}\}$/,
    );
    expect(edgeFields(read({ record: false, pixels: true }))).toBe(
      'id,adspixels.limit(100){id,name,owner_business{id}}',
    );
  });
});

describe('observationOf', () => {
  it('maps an ad account with its details and owning business', () => {
    const item = assetItem.parse({
      id: 'act_1',
      account_id: '1',
      name: 'Main',
      currency: 'EUR',
      timezone_name: 'Europe/Berlin',
      account_status: 2,
      disable_reason: 1,
      business: { id: 'b1', name: 'Ignored' },
    });
    expect(observationOf(read({ source: 'client' }), item)).toEqual({
      type: 'ad-accounts',
      id: 'act_1',
      name: 'Main',
      source: 'client',
      businessId: 'b1',
      tokenIds: [],
      accountId: '1',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      accountStatus: 2,
      disableReason: 1,
    });
  });

  it('keeps each type to its own details and names a nameless asset by its id', () => {
    const item = assetItem.parse({ id: '42', category: 'Shop', vertical: 'commerce', currency: 'USD' });
    expect(observationOf(read({ edge: 'accounts', assetType: 'pages', source: 'assigned' }), item)).toEqual({
      type: 'pages',
      id: '42',
      name: '42',
      source: 'assigned',
      tokenIds: [],
      category: 'Shop',
    });
    expect(
      observationOf(read({ edge: 'owned_product_catalogs', assetType: 'catalogs' }), item),
    ).toMatchObject({
      vertical: 'commerce',
    });
  });

  it('takes a pixel owner from owner_business', () => {
    const item = assetItem.parse({ id: 'px', name: 'Pixel', owner_business: { id: 'b9' } });
    expect(
      observationOf(read({ edge: 'client_pixels', assetType: 'pixels', source: 'client' }), item),
    ).toMatchObject({
      businessId: 'b9',
      source: 'client',
    });
  });
});

describe('pixels expanded on an ad account', () => {
  it('are assigned sightings, with the cursor to the rest when Meta paged them', () => {
    const item = assetItem.parse({
      id: 'act_1',
      adspixels: {
        data: [{ id: 'px1', name: 'Shared', owner_business: { id: 'partner' } }, { id: 'px2' }],
        paging: { cursors: { before: 'a', after: 'b' }, next: 'https://graph.facebook.com/next' },
      },
    });
    expect(item.adspixels?.data.map(pixelObservation)).toEqual([
      { type: 'pixels', id: 'px1', name: 'Shared', source: 'assigned', tokenIds: [], businessId: 'partner' },
      { type: 'pixels', id: 'px2', name: 'px2', source: 'assigned', tokenIds: [] },
    ]);
    expect(morePixelsAfter(item)).toBe('b');
    expect(morePixelsAfter(assetItem.parse({ id: 'act_2', adspixels: { data: [] } }))).toBeUndefined();
    expect(morePixelsAfter(assetItem.parse({ id: 'act_3' }))).toBeUndefined();
  });
});
