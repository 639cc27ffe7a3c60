import { startSyncRoute } from '../../shared/contracts/sync';
import { httpRoute } from '../../shared/platform/http';
import { startSyncWith } from '../../shared/sync/start-sync';
import { syncStartDeps } from '../../shared/sync/sync-root';

/** `POST /meta/sync`: 202 at once; the sync runs in the background (or the running one is joined). */
export const handler = httpRoute(startSyncRoute, async ({ body, principal }) => {
  const { syncRunId, joined } = await startSyncWith(syncStartDeps(), {
    workspaceId: principal.workspaceId,
    ...(body?.assetTypes ? { assetTypes: body.assetTypes } : {}),
    trigger: 'manual',
  });
  return { status: 202, body: { syncRunId, joined } };
});
