import { insightsJobIdOf } from '../domain/insights-job';
import type { ScheduledInsightsTrigger } from '../domain/insights-pull-plan';
import type { InsightsStartDeps } from './insights-deps';
import type { InsightsPlanMessage } from './pull-messages';

/** Connections read at once by the schedule. */
const READ_CONCURRENCY = 8;

/**
 * A schedule's fan-out: one plan message per connected workspace's picked ad account (the
 * consumer works out the days in that account's zone and creates the job), so the scheduled
 * Lambda stays short however many tenants. Workspaces without a pick are skipped.
 */
export async function scheduleInsightsPulls(
  deps: Pick<InsightsStartDeps, 'connections' | 'queue' | 'randomHex'>,
  trigger: ScheduledInsightsTrigger,
): Promise<{ planned: number; skipped: number }> {
  const workspaces = await deps.connections.connectedWorkspaces();
  const plans: InsightsPlanMessage[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < workspaces.length; index = next++) {
      const workspaceId = workspaces[index];
      if (workspaceId === undefined) continue;
      const connection = await deps.connections.get(workspaceId);
      if (connection.status === 'disconnected' || connection.adAccountId === undefined) continue;
      plans.push({
        kind: 'plan',
        workspaceId,
        adAccountId: connection.adAccountId,
        jobId: insightsJobIdOf(deps.randomHex()),
        trigger,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, workspaces.length) }, worker));
  await deps.queue.sendAll(plans);
  return { planned: plans.length, skipped: workspaces.length - plans.length };
}
