import * as z from 'zod';
import type { AssetObservation } from '../domain/asset-record';
import type { AssetType } from '../domain/asset-type';
import type { EdgeRead } from '../domain/sync-plan';

/**
 * What is read of each asset type: only the fields the inventory stores (calls are budgeted
 * by count, and every field costs Meta time). Volatile counters (a catalog's product count)
 * are left out on purpose: they would make every re-sync a rewrite.
 */
const PIXEL_FIELDS = 'id,name,owner_business{id}';
const FIELDS: Record<AssetType, string> = {
  'ad-accounts': 'id,account_id,name,currency,timezone_name,account_status,disable_reason,business{id}',
  pages: 'id,name,category,business{id}',
  pixels: PIXEL_FIELDS,
  catalogs: 'id,name,vertical,business{id}',
};

/** Pixels per ad account fetched inline; an account with more pages the rest on its own. */
export const NESTED_PIXEL_LIMIT = 100;

/** `fields=` for an edge: an ad account edge read for pixels expands each account's `adspixels`. */
export function edgeFields(read: EdgeRead): string {
  const own = read.record ? FIELDS[read.assetType] : 'id';
  return read.pixels ? `${own},adspixels.limit(${NESTED_PIXEL_LIMIT}){${PIXEL_FIELDS}}` : own;
}

export const PIXEL_EDGE_FIELDS = PIXEL_FIELDS;

const businessRef = z.object({ id: z.string() }).optional();

export const pixelItem = z.object({
  id: z.string(),
  name: z.string().optional(),
  owner_business: businessRef,
});
export type PixelItem = z.output<typeof pixelItem>;

/** An expanded edge inside an item: one page plus the cursor to the rest. */
const nestedPixels = z.object({
  data: z.array(pixelItem),
  paging: z
    .object({
      cursors: z.object({ after: z.string().optional() }).optional(),
      next: z.string().optional(),
    })
    .optional(),
});

/** One item of any discovery edge; which fields are present depends on the type. */
export const assetItem = z.object({
  id: z.string(),
  name: z.string().optional(),
  account_id: z.string().optional(),
  currency: z.string().optional(),
  timezone_name: z.string().optional(),
  account_status: z.number().optional(),
  disable_reason: z.number().optional(),
  category: z.string().optional(),
  vertical: z.string().optional(),
  business: businessRef,
  owner_business: businessRef,
  adspixels: nestedPixels.optional(),
});
export type AssetItem = z.output<typeof assetItem>;

/** Where the rest of an item's pixels starts, when Meta paged them. */
export function morePixelsAfter(item: AssetItem): string | undefined {
  const paging = item.adspixels?.paging;
  return paging?.next ? paging.cursors?.after : undefined;
}

/** A sighting of an edge item; token access is filled in by the task. */
export function observationOf(read: EdgeRead, item: AssetItem): AssetObservation {
  const businessId = item.business?.id ?? item.owner_business?.id;
  const observation: AssetObservation = {
    type: read.assetType,
    id: item.id,
    name: item.name ?? item.id,
    source: read.source,
    tokenIds: [],
    ...(businessId === undefined ? {} : { businessId }),
  };
  if (read.assetType === 'ad-accounts') {
    assign(observation, {
      accountId: item.account_id,
      currency: item.currency,
      timezone: item.timezone_name,
      accountStatus: item.account_status,
      disableReason: item.disable_reason,
    });
  }
  if (read.assetType === 'pages') assign(observation, { category: item.category });
  if (read.assetType === 'catalogs') assign(observation, { vertical: item.vertical });
  return observation;
}

/** A pixel found on an ad account: shared with the workspace, so `assigned` unless seen stronger. */
export function pixelObservation(pixel: PixelItem): AssetObservation {
  const businessId = pixel.owner_business?.id;
  return {
    type: 'pixels',
    id: pixel.id,
    name: pixel.name ?? pixel.id,
    source: 'assigned',
    tokenIds: [],
    ...(businessId === undefined ? {} : { businessId }),
  };
}

function assign(target: AssetObservation, values: Partial<AssetObservation>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as unknown as Record<string, unknown>)[key] = value;
  }
}
