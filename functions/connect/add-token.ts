import { connectDeps } from '../../shared/connect/connect-root';
import { tokenView } from '../../shared/connect/connection-view';
import { addSystemUserToken } from '../../shared/connect/system-user-token';
import { addTokenRoute } from '../../shared/contracts/connect';
import { httpRoute } from '../../shared/platform/http';

export const handler = httpRoute(addTokenRoute, async ({ principal, body }) => {
  const deps = await connectDeps();
  const ref = await addSystemUserToken(deps, principal.workspaceId, body);
  return { status: 201, body: tokenView(ref) };
});
