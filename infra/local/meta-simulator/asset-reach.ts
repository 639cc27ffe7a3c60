import type { Ownership } from './types';
import type { World } from './world';
import type { UserRecord } from './world-records';

/** Every asset a user reaches through the discovery edges, with its strongest ownership. */
export interface AssetReach {
  /** BMs whose edges the user may read (`/me/businesses`). */
  businesses: ReadonlySet<string>;
  adAccounts: Map<string, Ownership>;
  pages: Map<string, Ownership>;
  pixels: Map<string, Ownership>;
  catalogs: Map<string, Ownership>;
}

const STRENGTH: Record<Ownership, number> = { owned: 3, client: 2, assigned: 1 };

/** Keeps the stronger of two ownerships for one asset. */
export function mergeOwnership(into: Map<string, Ownership>, id: string, ownership: Ownership): void {
  const current = into.get(id);
  if (!current || STRENGTH[ownership] > STRENGTH[current]) into.set(id, ownership);
}

function addAll(into: Map<string, Ownership>, ids: readonly string[], ownership: Ownership): void {
  for (const id of ids) mergeOwnership(into, id, ownership);
}

/**
 * Whether the user may read the edges (`owned_*`, `client_*`) of a BM it is listed on: a
 * person administers it; a system user only with the admin role (Meta: an admin system user
 * acts on everything its BM owns or manages).
 */
export function readsBusinessEdges(user: UserRecord, businessId: string): boolean {
  if (!user.businesses.has(businessId)) return false;
  return user.kind === 'user' || user.admin === true;
}

/**
 * The single definition of visibility: the Graph routes check it and the scenario's ground
 * truth is built from it, so a sync that walks every edge must find exactly this.
 * Sources: the BMs of a person or admin system user (owned_* → owned, client_* → client), assigned assets
 * (`/me/adaccounts`, `/me/accounts`, a system user's `assigned_*` → assigned) and the
 * pixels of every reachable ad account (`/act_{id}/adspixels` → assigned).
 */
export function computeAssetReach(world: World, user: UserRecord | undefined): AssetReach {
  const reach: AssetReach = {
    businesses: new Set(user ? user.businesses.values().filter((id) => readsBusinessEdges(user, id)) : []),
    adAccounts: new Map(),
    pages: new Map(),
    pixels: new Map(),
    catalogs: new Map(),
  };
  if (!user) return reach;
  for (const businessId of reach.businesses) {
    const business = world.businesses.get(businessId);
    if (!business) continue;
    addAll(reach.adAccounts, business.ownedAdAccounts.values(), 'owned');
    addAll(reach.adAccounts, business.clientAdAccounts.values(), 'client');
    addAll(reach.pages, business.ownedPages.values(), 'owned');
    addAll(reach.pages, business.clientPages.values(), 'client');
    addAll(reach.pixels, business.ownedPixels.values(), 'owned');
    addAll(reach.pixels, business.clientPixels.values(), 'client');
    addAll(reach.catalogs, business.ownedCatalogs.values(), 'owned');
    addAll(reach.catalogs, business.clientCatalogs.values(), 'client');
  }
  addAll(reach.adAccounts, user.adAccounts.values(), 'assigned');
  addAll(reach.pages, user.pages.values(), 'assigned');
  addAll(reach.catalogs, user.catalogs.values(), 'assigned');
  for (const adAccountId of reach.adAccounts.keys()) {
    const adAccount = world.adAccounts.get(adAccountId);
    if (adAccount) addAll(reach.pixels, adAccount.pixels.values(), 'assigned');
  }
  return reach;
}
