import { connectionView } from '../../shared/connect/connection-view';
import { connectionReadDeps } from '../../shared/connect/roots/connection-reads';
import { getConnectionRoute } from '../../shared/contracts/connect';
import { httpRoute } from '../../shared/platform/http';

export const handler = httpRoute(getConnectionRoute, async ({ principal }) => {
  const { connections } = connectionReadDeps();
  const [connection, tokens] = await Promise.all([
    connections.get(principal.workspaceId),
    connections.listTokens(principal.workspaceId),
  ]);
  return { status: 200, body: connectionView(connection, tokens) };
});
