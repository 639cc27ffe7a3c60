import { getSyncRunRoute } from '../../shared/contracts/sync';
import { httpRoute } from '../../shared/platform/http';
import { syncRunReadDeps } from '../../shared/sync/roots/sync-run-reads';
import { syncRunView } from '../../shared/sync/sync-run-view';

/** `GET /meta/sync/{syncRunId}`. */
export const handler = httpRoute(getSyncRunRoute, async ({ params, principal }) => ({
  status: 200,
  body: await syncRunView(syncRunReadDeps(), principal.workspaceId, params.syncRunId),
}));
