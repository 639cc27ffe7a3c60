import { connectionView } from '../../shared/connect/connection-view';
import { getConnectionRoute } from '../../shared/contracts/connect';
import { httpRoute } from '../../shared/platform/http';
import { DynamoConnectionStore } from '../../shared/store/dynamodb/connection-store';

const connections = new DynamoConnectionStore();

export const handler = httpRoute(getConnectionRoute, async ({ principal }) => {
  const [connection, tokens] = await Promise.all([
    connections.get(principal.workspaceId),
    connections.listTokens(principal.workspaceId),
  ]);
  return { status: 200, body: connectionView(connection, tokens) };
});
