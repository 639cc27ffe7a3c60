import { connectLoginDeps } from '../../shared/connect/login-root';
import { startConnect } from '../../shared/connect/start-connect';
import { startConnectRoute } from '../../shared/contracts/connect';
import { httpRoute } from '../../shared/platform/http';

export const handler = httpRoute(startConnectRoute, async ({ principal }) => {
  const deps = await connectLoginDeps();
  return { status: 200, body: await startConnect(deps, principal) };
});
