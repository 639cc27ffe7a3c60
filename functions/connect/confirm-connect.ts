import { confirmConnect } from '../../shared/connect/confirm-connect';
import { connectDeps } from '../../shared/connect/connect-root';
import { connectionView } from '../../shared/connect/connection-view';
import { confirmConnectRoute } from '../../shared/contracts/connect';
import { httpRoute } from '../../shared/platform/http';

/** The dashboard, on landing from the callback, confirms the login as its signed-in user. */
export const handler = httpRoute(confirmConnectRoute, async ({ principal, body }) => {
  const deps = await connectDeps();
  const connection = await confirmConnect(deps, principal, body.completion);
  const tokens = await deps.connections.listTokens(principal.workspaceId);
  return { status: 200, body: connectionView(connection, tokens) };
});
