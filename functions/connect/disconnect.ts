import { connectDeps } from '../../shared/connect/connect-root';
import { disconnect } from '../../shared/connect/disconnect';
import { disconnectRoute } from '../../shared/contracts/connect';
import { httpRoute } from '../../shared/platform/http';

/**
 * 204 always (the contract); what Meta did not confirm (revocation, webhook unsubscription)
 * is said in headers and in the notification.
 */
export const handler = httpRoute(disconnectRoute, async ({ principal }) => {
  const deps = await connectDeps();
  const outcome = await disconnect(deps, principal.workspaceId, principal.sub);
  return {
    status: 204,
    headers: { 'meta-revocation': outcome.revocation, 'meta-unsubscription': outcome.unsubscription },
  };
});
