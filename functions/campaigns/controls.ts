import { readControls, replaceControls } from '../../shared/campaigns/controls-service';
import { campaignRecordDeps } from '../../shared/campaigns/roots/records';
import { getControlsRoute, putControlsRoute } from '../../shared/contracts/campaigns';
import { httpRoute, httpRouter } from '../../shared/platform/http';

/** `GET /controls` (anyone of the workspace) and `PUT /controls` (users only). */
export const handler = httpRouter(
  httpRoute(getControlsRoute, async ({ principal }) => ({
    status: 200,
    body: await readControls(campaignRecordDeps(), principal.workspaceId),
  })),
  httpRoute(putControlsRoute, async ({ principal, body }) => ({
    status: 200,
    body: await replaceControls(campaignRecordDeps(), principal, body),
  })),
);
