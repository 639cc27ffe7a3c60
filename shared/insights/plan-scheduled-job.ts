import { dayInZone } from '../domain/account-days';
import { scheduledRange } from '../domain/insights-pull-plan';
import { logger } from '../platform/observability';
import { activeAdAccount } from './insights-ad-account';
import type { InsightsStartDeps } from './insights-deps';
import type { InsightsPlanMessage } from './pull-messages';
import { startInsightsJob } from './start-insights-job';

/**
 * A schedule's plan for one workspace: the days it pulls are worked out here, in the ad
 * account's time zone (hourly: yesterday and today; daily: the 28-day lookback), and the job
 * created with its pieces. A workspace disconnected since, or an ad account no longer synced,
 * is skipped.
 */
export async function planScheduledJob(deps: InsightsStartDeps, message: InsightsPlanMessage): Promise<void> {
  const { workspaceId, adAccountId, trigger, jobId } = message;
  const [connection, account] = await Promise.all([
    deps.connections.get(workspaceId),
    activeAdAccount(deps, workspaceId, adAccountId),
  ]);
  if (connection.status === 'disconnected' || !account) {
    logger.info('scheduled insights pull skipped', {
      workspaceId,
      adAccountId,
      reason: account ? 'disconnected' : 'ad account not synced',
    });
    return;
  }
  const { from, to } = scheduledRange(trigger, dayInZone(deps.now(), account.timezone));
  await startInsightsJob(deps, {
    workspaceId,
    adAccountId,
    generation: connection.generation,
    from,
    to,
    trigger,
    jobId,
  });
}
