import { pickAdAccount } from '../../shared/connect/ad-accounts';
import { connectDeps } from '../../shared/connect/connect-root';
import { pickAdAccountRoute } from '../../shared/contracts/connect';
import { httpRoute } from '../../shared/platform/http';

export const handler = httpRoute(pickAdAccountRoute, async ({ principal, body }) => {
  const deps = await connectDeps();
  return { status: 200, body: await pickAdAccount(deps, principal.workspaceId, body.adAccountId) };
});
