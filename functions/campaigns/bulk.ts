import { runBulk } from '../../shared/campaigns/bulk';
import { campaignDeps } from '../../shared/campaigns/campaign-root';
import { bulkRoute } from '../../shared/contracts/campaigns';
import { httpRoute } from '../../shared/platform/http';

/** `POST /meta/bulk`: up to 50 mutations, each exactly once under its own key. */
export const handler = httpRoute(bulkRoute, async ({ principal, body, query }) => ({
  status: 200,
  body: await runBulk(await campaignDeps(), principal, body.operations, { dryRun: query.dryRun }),
}));
