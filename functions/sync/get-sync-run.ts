import { getSyncRunRoute } from '../../shared/contracts/sync';
import { httpRoute } from '../../shared/platform/http';
import { DynamoSyncRunStore } from '../../shared/store/dynamodb/sync-run-store';
import { syncRunView } from '../../shared/sync/sync-run-view';

const runs = new DynamoSyncRunStore();

/** `GET /meta/sync/{syncRunId}`. */
export const handler = httpRoute(getSyncRunRoute, async ({ params, principal }) => ({
  status: 200,
  body: await syncRunView({ runs }, principal.workspaceId, params.syncRunId),
}));
