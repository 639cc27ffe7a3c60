import { connectDepsFromEnv } from '../../shared/connect/connect-deps-from-env';
import { startConnect } from '../../shared/connect/start-connect';
import { startConnectRoute } from '../../shared/contracts/connect';
import { httpRoute } from '../../shared/platform/http';

export const handler = httpRoute(startConnectRoute, async ({ principal }) => {
  const deps = await connectDepsFromEnv();
  return { status: 200, body: await startConnect(deps, principal) };
});
