import { listAssetsRoute } from '../../shared/contracts/sync';
import { httpRoute } from '../../shared/platform/http';
import { assetList } from '../../shared/sync/asset-list';
import { assetReadDeps } from '../../shared/sync/roots/asset-reads';

/** `GET /meta/assets/{type}`. */
export const handler = httpRoute(listAssetsRoute, async ({ params, query, principal }) => ({
  status: 200,
  body: await assetList(assetReadDeps(), principal.workspaceId, params.type, {
    limit: query.limit,
    includeRemoved: query.includeRemoved,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  }),
}));
