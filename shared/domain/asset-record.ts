import type { AssetType, Ownership } from './asset-type';

/**
 * What Meta tells about an asset beyond its name, per type: ad accounts carry account id,
 * currency, time zone and status; pages a category; catalogs a vertical. Absent = Meta did
 * not say.
 */
export interface AssetDetails {
  accountId?: string;
  currency?: string;
  timezone?: string;
  /** Meta's `account_status`: 1 active, 2 disabled, 3 unsettled, 101 closed… */
  accountStatus?: number;
  disableReason?: number;
  category?: string;
  vertical?: string;
}

/** Which kind of write last changed an asset; a redelivered run counts it once. */
export type AssetChangeKind = 'added' | 'updated' | 'removed';

/**
 * One asset of a workspace's inventory: one per (workspace, type, Meta id). `tokenIds` lists
 * every token of the workspace that reaches it; `removed` assets keep their history and
 * become active again when seen again.
 */
/** Everything one run learned about one asset, over all its tasks, tokens and sources. */
export interface SeenAsset extends AssetDetails {
  type: AssetType;
  id: string;
  name: string;
  ownership: Ownership;
  /** The owning Business Manager (Meta's `business` / `owner_business`); absent when none. */
  businessId?: string;
  /** Sorted, without duplicates. */
  tokenIds: string[];
}

export interface Asset extends SeenAsset {
  workspaceId: string;
  status: 'active' | 'removed';
  /** The last run that saw the asset and wrote it (an unchanged asset is not rewritten). */
  lastSeenRunId: string;
  /** The run that last changed the asset, and how: lets a redelivered run count it once. */
  changedRunId: string;
  change: AssetChangeKind;
  firstSeenAt: string;
  updatedAt: string;
  removedAt?: string;
}

/**
 * One sighting of an asset by one sync task through one source (an edge). `tokenIds` are
 * the tokens that reach it through that source.
 */
export interface AssetObservation extends AssetDetails {
  type: AssetType;
  id: string;
  name: string;
  source: Ownership;
  businessId?: string;
  tokenIds: string[];
}

/** The key of an asset inside one workspace. */
export function assetKey(type: AssetType, id: string): string {
  return `${type}#${id}`;
}

export const ASSET_DETAIL_FIELDS = [
  'accountId',
  'currency',
  'timezone',
  'accountStatus',
  'disableReason',
  'category',
  'vertical',
] as const satisfies readonly (keyof AssetDetails)[];

/** The details present on `source`, nothing else. */
export function pickAssetDetails(source: AssetDetails): AssetDetails {
  const details: AssetDetails = {};
  for (const field of ASSET_DETAIL_FIELDS) {
    const value = source[field];
    if (value !== undefined) (details as Record<string, unknown>)[field] = value;
  }
  return details;
}
