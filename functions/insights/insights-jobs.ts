import { getInsightsJobRoute, refreshInsightsRoute } from '../../shared/contracts/insights';
import { validIdempotencyKey } from '../../shared/domain/idempotency';
import { insightsJobView } from '../../shared/insights/insights-job-view';
import { insightsRefreshDeps, insightsStartDeps } from '../../shared/insights/insights-start-root';
import { refreshInsightsOnce } from '../../shared/insights/refresh-insights';
import { answerFor, httpRoute, httpRouter } from '../../shared/platform/http';

/**
 * `POST /insights/refresh` (202 at once; the pull runs in the background; an Idempotency-Key
 * makes a retry answer the same job) and `GET /insights/jobs/{jobId}`.
 */
export const handler = httpRouter(
  httpRoute(refreshInsightsRoute, async ({ principal, body, headers }) => {
    const key = validIdempotencyKey(headers['idempotency-key']);
    const answer = await refreshInsightsOnce(insightsRefreshDeps(), principal.workspaceId, body, {
      ...(key ? { idempotencyKey: key } : {}),
    });
    return answerFor(refreshInsightsRoute, answer);
  }),
  httpRoute(getInsightsJobRoute, async ({ principal, params }) => ({
    status: 200,
    body: await insightsJobView(insightsStartDeps(), principal.workspaceId, params.jobId),
  })),
);
