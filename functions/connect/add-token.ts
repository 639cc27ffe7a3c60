import { connectDepsFromEnv } from '../../shared/connect/connect-deps-from-env';
import { tokenView } from '../../shared/connect/connection-view';
import { addSystemUserToken } from '../../shared/connect/system-user-token';
import { addTokenRoute } from '../../shared/contracts/connect';
import { httpRoute } from '../../shared/platform/http';

export const handler = httpRoute(addTokenRoute, async ({ principal, body }) => {
  const deps = await connectDepsFromEnv();
  const ref = await addSystemUserToken(deps, principal.workspaceId, body);
  return { status: 201, body: tokenView(ref) };
});
