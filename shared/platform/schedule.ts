import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { errorFields } from './error-fields';
import { logger } from './observability';
import { publishMetrics } from './publish-metrics';

/**
 * The one middy stack for EventBridge schedules. A scheduled job should only enqueue work
 * (one message per unit), so a failure here is logged and rethrown for the Errors alarm.
 */
export function scheduledJob(handle: (event: ScheduledEvent) => Promise<void>) {
  const core = async (event: ScheduledEvent, _context: Context): Promise<void> => {
    logger.appendKeys({ scheduledAt: event.time, rule: event.resources?.[0] });
    try {
      await handle(event);
    } catch (err: unknown) {
      logger.error('scheduled job failed', { error: errorFields(err) });
      throw err;
    } finally {
      logger.removeKeys(['scheduledAt', 'rule']);
    }
  };
  return middy(core).use(injectLambdaContext(logger)).use(publishMetrics());
}

/**
 * Which of `names` (a function's schedule triggers in the manifest) fired `event`: the rule's
 * name ends with the trigger's (`<stack>-insights-hourly` in AWS, `insights-hourly` locally).
 * @example firedSchedule(event, ['insights-hourly', 'insights-daily']) // 'insights-daily'
 */
export function firedSchedule<N extends string>(event: ScheduledEvent, names: readonly N[]): N | undefined {
  const rule = event.resources?.[0]?.split(':rule/')[1];
  if (rule === undefined) return undefined;
  return names.find((name) => rule === name || rule.endsWith(`-${name}`));
}
