import { refreshRequests } from '../../shared/connect/refresh-tokens';
import { tokenRefreshFanOutDeps } from '../../shared/connect/roots/token-refresh-fan-out';
import { logger } from '../../shared/platform/observability';
import { scheduledJob } from '../../shared/platform/schedule';

/** Hourly: one refresh message per connected workspace. */
export const handler = scheduledJob(async () => {
  const deps = tokenRefreshFanOutDeps();
  const requests = await refreshRequests(deps);
  await deps.sendAll(requests);
  logger.info('token refresh fanned out', { workspaces: requests.length });
});
