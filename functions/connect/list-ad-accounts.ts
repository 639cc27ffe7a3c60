import { listPickableAdAccounts } from '../../shared/connect/ad-accounts';
import { connectDepsFromEnv } from '../../shared/connect/connect-deps-from-env';
import { listAdAccountsRoute } from '../../shared/contracts/connect';
import { httpRoute } from '../../shared/platform/http';

export const handler = httpRoute(listAdAccountsRoute, async ({ principal }) => {
  const deps = await connectDepsFromEnv();
  return { status: 200, body: { items: await listPickableAdAccounts(deps, principal.workspaceId) } };
});
