import { listAssetsRoute } from '../../shared/contracts/sync';
import { httpRoute } from '../../shared/platform/http';
import { DynamoAssetStore } from '../../shared/store/dynamodb/asset-store';
import { assetList } from '../../shared/sync/asset-list';

const assets = new DynamoAssetStore();

/** `GET /meta/assets/{type}`. */
export const handler = httpRoute(listAssetsRoute, async ({ params, query, principal }) => ({
  status: 200,
  body: await assetList({ assets }, principal.workspaceId, params.type, {
    limit: query.limit,
    includeRemoved: query.includeRemoved,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  }),
}));
