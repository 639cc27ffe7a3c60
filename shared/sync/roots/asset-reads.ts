import type { AssetStore } from '../../store/asset-store';
import { assetStore } from '../../store/dynamodb/asset-store';

/** The sync area's root for `GET /meta/assets/{type}`: one file per read-only GET, so its bundle holds one store. */
export function assetReadDeps(): { assets: AssetStore } {
  return { assets: assetStore() };
}
