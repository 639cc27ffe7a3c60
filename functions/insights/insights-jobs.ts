import { getInsightsJobRoute, refreshInsightsRoute } from '../../shared/contracts/insights';
import { insightsJobView } from '../../shared/insights/insights-job-view';
import { insightsStartDeps } from '../../shared/insights/insights-root';
import { refreshInsights } from '../../shared/insights/refresh-insights';
import { httpRoute, httpRouter } from '../../shared/platform/http';

/** `POST /insights/refresh` (202 at once; the pull runs in the background) and `GET /insights/jobs/{jobId}`. */
export const handler = httpRouter(
  httpRoute(refreshInsightsRoute, async ({ principal, body }) => ({
    status: 202,
    body: await refreshInsights(insightsStartDeps(), principal.workspaceId, body),
  })),
  httpRoute(getInsightsJobRoute, async ({ principal, params }) => ({
    status: 200,
    body: await insightsJobView(insightsStartDeps(), principal.workspaceId, params.jobId),
  })),
);
