import { queues } from '../../infra/resources';
import { handlePullMessage } from '../../shared/insights/handle-pull-message';
import { insightsPullDeps } from '../../shared/insights/insights-root';
import { insightsPullMessageSchema } from '../../shared/insights/pull-messages';
import { queueConsumer } from '../../shared/platform/queue';

/**
 * The `insightsPull` consumer: a schedule's plan becomes a job with its pieces; each piece is
 * read into ua_daily_metrics, waits (report-run polls, throttles, the deadline) requeued.
 */
export const handler = queueConsumer(
  { schema: insightsPullMessageSchema, queueEnvVar: queues.insightsPull.envVar },
  async ({ body, remainingMs }) => handlePullMessage(await insightsPullDeps(), body, { remainingMs }),
);
