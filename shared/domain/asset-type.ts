/**
 * The kinds of Meta assets a workspace's inventory holds, spelled as in the API paths
 * (`GET /meta/assets/{type}`), in their canonical order.
 */
export const ASSET_TYPES = ['ad-accounts', 'pages', 'pixels', 'catalogs'] as const;

export type AssetType = (typeof ASSET_TYPES)[number];

/** How the workspace relates to an asset; one per asset, the strongest seen (§7). */
export type Ownership = 'owned' | 'client' | 'assigned';

const STRENGTH: Record<Ownership, number> = { owned: 3, client: 2, assigned: 1 };

/**
 * The stronger of two relationships: owned > client > assigned (an ad account owned by the
 * BM and also assigned to the user is `owned`).
 * @example strongerOwnership('assigned', 'client') // 'client'
 */
export function strongerOwnership(a: Ownership, b: Ownership): Ownership {
  return STRENGTH[b] > STRENGTH[a] ? b : a;
}

/**
 * The asset types a sync covers: the requested ones, deduplicated and in canonical order;
 * none requested means all (a sync of a type covers every asset of that type).
 * @example normalizeAssetTypes(['pixels', 'pages', 'pixels']) // ['pages', 'pixels']
 */
export function normalizeAssetTypes(requested?: readonly AssetType[]): AssetType[] {
  if (requested === undefined || requested.length === 0) return [...ASSET_TYPES];
  const wanted = new Set(requested);
  return ASSET_TYPES.filter((type) => wanted.has(type));
}

/** True when a run covering `running` also covers every type in `requested`. */
export function coversAssetTypes(running: readonly AssetType[], requested: readonly AssetType[]): boolean {
  return requested.every((type) => running.includes(type));
}
