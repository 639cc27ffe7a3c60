import { listInsightsRoute } from '../../shared/contracts/insights';
import { insightsReadDeps } from '../../shared/insights/insights-read-root';
import { listInsights } from '../../shared/insights/list-insights';
import { httpRoute } from '../../shared/platform/http';

/** `GET /insights`: daily rows from ua_daily_metrics, in cursor pages. */
export const handler = httpRoute(listInsightsRoute, async ({ principal, query }) => ({
  status: 200,
  body: await listInsights(insightsReadDeps(), principal.workspaceId, query),
}));
