import { connectDepsFromEnv } from '../../shared/connect/connect-deps-from-env';
import { startConnect } from '../../shared/connect/start-connect';
import { httpRoute } from '../../shared/platform/http';

export const handler = httpRoute({ auth: 'user' }, async ({ principal }) => {
  const deps = await connectDepsFromEnv();
  return { status: 200, body: await startConnect(deps, principal) };
});
