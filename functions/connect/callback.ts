import { completeConnect } from '../../shared/connect/complete-connect';
import { connectLoginDeps } from '../../shared/connect/login-root';
import { callbackRoute } from '../../shared/contracts/connect';
import { httpRoute } from '../../shared/platform/http';
import { logger } from '../../shared/platform/observability';

/**
 * Meta redirects the browser here; the answer is always a redirect back to the dashboard,
 * which confirms the held login as its signed-in user (`status=confirm&completion=…`).
 */
export const handler = httpRoute(callbackRoute, async ({ query }) => {
  const deps = await connectLoginDeps();
  const input = query.error
    ? {
        error: query.error,
        ...(query.error_reason ? { errorReason: query.error_reason } : {}),
        ...(query.state ? { state: query.state } : {}),
      }
    : query.code && query.state
      ? { code: query.code, state: query.state }
      : { ...(query.state ? { state: query.state } : {}) };
  const outcome = await completeConnect(deps, input);
  const target = new URL(`${deps.settings.dashboardUrl}/integrations/meta`);
  target.searchParams.set('status', outcome.status);
  if (outcome.status === 'confirm') {
    target.searchParams.set('completion', outcome.completion);
  } else {
    target.searchParams.set('reason', outcome.reason);
    logger.info('connection refused', { reason: outcome.reason, workspaceId: outcome.workspaceId });
  }
  return {
    status: 302,
    headers: { location: target.toString(), 'cache-control': 'no-store' },
  };
});
