import { connectDepsFromEnv } from '../../shared/connect/connect-deps-from-env';
import { connectionView } from '../../shared/connect/connection-view';
import { addSystemUserToken } from '../../shared/connect/system-user-token';
import { addTokenRequest } from '../../shared/contracts/connect';
import { httpRoute } from '../../shared/platform/http';

export const handler = httpRoute({ auth: 'user', body: addTokenRequest }, async ({ principal, body }) => {
  const deps = await connectDepsFromEnv();
  const ref = await addSystemUserToken(deps, principal.workspaceId, body);
  const connection = await deps.connections.get(principal.workspaceId);
  const [view] = connectionView(connection, [ref]).tokens;
  return { status: 201, body: view };
});
