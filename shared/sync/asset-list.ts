import type { AssetView } from '../contracts/sync';
import type { Asset } from '../domain/asset-record';
import type { AssetType } from '../domain/asset-type';
import type { AssetStore } from '../store/asset-store';

/** `GET /meta/assets/{type}`: a page of the workspace's assets of one type. */
export async function assetList(
  deps: { assets: AssetStore },
  workspaceId: string,
  type: AssetType,
  query: { limit: number; cursor?: string; includeRemoved: boolean },
): Promise<{ items: AssetView[]; nextCursor?: string }> {
  const page = await deps.assets.list(workspaceId, type, query);
  return {
    items: page.items.map(assetView),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/** The asset as the dashboard sees it: everything but the workspace and change bookkeeping. */
export function assetView(asset: Asset): AssetView {
  const { workspaceId: _ws, changedRunId: _run, change: _change, ...view } = asset;
  return view;
}
