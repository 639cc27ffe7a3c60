import { approve, listApprovals, reject } from '../../shared/campaigns/approvals-service';
import { campaignDeps } from '../../shared/campaigns/campaign-root';
import { approveRoute, listApprovalsRoute, rejectRoute } from '../../shared/contracts/campaigns';
import { httpRoute, httpRouter } from '../../shared/platform/http';

/** Agent mutations held for a user: list, approve (runs it), reject. */
export const handler = httpRouter(
  httpRoute(listApprovalsRoute, async ({ principal, query }) => ({
    status: 200,
    body: await listApprovals(await campaignDeps(), principal, {
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(query.status ? { status: query.status } : {}),
    }),
  })),
  httpRoute(approveRoute, async ({ principal, params }) => ({
    status: 200,
    body: await approve(await campaignDeps(), principal, params.id),
  })),
  httpRoute(rejectRoute, async ({ principal, params }) => ({
    status: 200,
    body: await reject(await campaignDeps(), principal, params.id),
  })),
);
