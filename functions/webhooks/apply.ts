import { queues } from '../../infra/resources';
import { webhookChangeMessageSchema } from '../../shared/domain/webhook-change';
import { queueConsumer } from '../../shared/platform/queue';
import { applyWebhookChange } from '../../shared/webhooks/apply-change';
import { applyDeps } from '../../shared/webhooks/roots/apply-deps';

/** Applies queued webhook changes (one message per change): mirror, notifications, dedupe mark. */
export const handler = queueConsumer(
  { schema: webhookChangeMessageSchema, queueEnvVar: queues.webhookEvents.envVar },
  async ({ body }) => {
    await applyWebhookChange(body, applyDeps());
  },
);
