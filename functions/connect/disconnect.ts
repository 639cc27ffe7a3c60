import { connectDepsFromEnv } from '../../shared/connect/connect-deps-from-env';
import { disconnect } from '../../shared/connect/disconnect';
import { httpRoute } from '../../shared/platform/http';

/** 204 always (the contract); a failed revocation at Meta is said in a header and a notification. */
export const handler = httpRoute({ auth: 'jwt' }, async ({ principal }) => {
  const deps = await connectDepsFromEnv();
  const outcome = await disconnect(deps, principal.workspaceId, principal.sub);
  return { status: 204, headers: { 'meta-revocation': outcome.revocation } };
});
