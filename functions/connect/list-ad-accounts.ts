import { listPickableAdAccounts } from '../../shared/connect/ad-accounts';
import { connectDeps } from '../../shared/connect/connect-root';
import { listAdAccountsRoute } from '../../shared/contracts/connect';
import { httpRoute } from '../../shared/platform/http';

export const handler = httpRoute(listAdAccountsRoute, async ({ principal }) => {
  const deps = await connectDeps();
  return { status: 200, body: { items: await listPickableAdAccounts(deps, principal.workspaceId) } };
});
