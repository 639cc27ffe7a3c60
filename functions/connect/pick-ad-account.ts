import { pickAdAccount } from '../../shared/connect/ad-accounts';
import { connectDepsFromEnv } from '../../shared/connect/connect-deps-from-env';
import { pickAdAccountRoute } from '../../shared/contracts/connect';
import { httpRoute } from '../../shared/platform/http';

export const handler = httpRoute(pickAdAccountRoute, async ({ principal, body }) => {
  const deps = await connectDepsFromEnv();
  return { status: 200, body: await pickAdAccount(deps, principal.workspaceId, body.adAccountId) };
});
