import type { PerBusinessCounts } from './types';

/**
 * The assets each Business Manager of a scenario gets: the ones named, none of the rest.
 * @example businessAssets({ ownedAdAccounts: 3 }) // three owned ad accounts, nothing else
 */
export function businessAssets(counts: Partial<PerBusinessCounts>): PerBusinessCounts {
  return {
    ownedAdAccounts: 0,
    clientAdAccounts: 0,
    ownedPages: 0,
    clientPages: 0,
    ownedPixels: 0,
    clientPixels: 0,
    ownedCatalogs: 0,
    clientCatalogs: 0,
    ...counts,
  };
}
