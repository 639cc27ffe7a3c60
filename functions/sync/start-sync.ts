import { startSyncRoute } from '../../shared/contracts/sync';
import { httpRoute } from '../../shared/platform/http';
import { startSync } from '../../shared/sync/start-sync';

/** `POST /meta/sync`: 202 at once; the sync runs in the background (or the running one is joined). */
export const handler = httpRoute(startSyncRoute, async ({ body, principal }) => {
  const started = await startSync({
    workspaceId: principal.workspaceId,
    ...(body?.assetTypes ? { assetTypes: body.assetTypes } : {}),
    trigger: 'manual',
  });
  return { status: 202, body: started };
});
