import { insightsStartDeps } from '../../shared/insights/insights-start-root';
import { scheduleInsightsPulls } from '../../shared/insights/schedule-insights';
import { logger } from '../../shared/platform/observability';
import { firedSchedule, scheduledJob } from '../../shared/platform/schedule';

const SCHEDULES = { 'insights-hourly': 'hourly', 'insights-daily': 'daily' } as const;

/** Hourly and daily: one plan message per connected workspace's picked ad account. */
export const handler = scheduledJob(async (event) => {
  const fired = firedSchedule(event, Object.keys(SCHEDULES) as (keyof typeof SCHEDULES)[]);
  if (fired === undefined) throw new Error(`not an Insights schedule: ${event.resources?.[0] ?? 'no rule'}`);
  const tally = await scheduleInsightsPulls(insightsStartDeps(), SCHEDULES[fired]);
  logger.info('insights pulls fanned out', { schedule: fired, ...tally });
});
