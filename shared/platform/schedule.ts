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
