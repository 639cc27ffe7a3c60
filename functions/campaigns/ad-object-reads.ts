import { campaignDeps } from '../../shared/campaigns/campaign-root';
import { getObject, listObjects } from '../../shared/campaigns/read-objects';
import { routesOfLevel } from '../../shared/contracts/campaigns';
import type { ManagedLevel } from '../../shared/domain/managed-object';
import { httpRoute, httpRouter } from '../../shared/platform/http';

function readsOf(level: ManagedLevel) {
  const routes = routesOfLevel[level];
  return [
    httpRoute(routes.list, async ({ principal, query }) => ({
      status: 200,
      body: await listObjects(await campaignDeps(), principal, level, {
        limit: query.limit,
        includeDeleted: query.includeDeleted,
        refresh: query.refresh,
        ...(query.cursor ? { cursor: query.cursor } : {}),
        ...(query.adAccountId ? { adAccountId: query.adAccountId } : {}),
        ...(query.campaignId ? { campaignId: query.campaignId } : {}),
        ...(query.adSetId ? { adSetId: query.adSetId } : {}),
      }),
    })),
    httpRoute(routes.get, async ({ principal, params }) => ({
      status: 200,
      body: await getObject(await campaignDeps(), principal, level, params.id),
    })),
  ];
}

/** Lists (the mirror) and single reads (fresh from Meta) of campaigns, ad sets and ads. */
export const handler = httpRouter(...readsOf('campaign'), ...readsOf('adset'), ...readsOf('ad'));
