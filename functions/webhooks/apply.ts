import { queues } from '../../infra/manifest';
import { webhookChangeMessageSchema } from '../../shared/domain/webhook-change';
import { queueConsumer } from '../../shared/platform/queue';
import { DynamoAdObjectMirror } from '../../shared/store/dynamodb/ad-object-mirror';
import { DynamoConnectionStore } from '../../shared/store/dynamodb/connection-store';
import { DynamoNotificationStore } from '../../shared/store/dynamodb/notification-store';
import { DynamoWebhookDedupeStore } from '../../shared/store/dynamodb/webhook-dedupe-store';
import { type ApplyDeps, applyWebhookChange } from '../../shared/webhooks/apply-change';

/** Applies queued webhook changes (one message per change): mirror, notifications, dedupe mark. */
let deps: ApplyDeps | undefined;
function applyDeps(): ApplyDeps {
  deps ??= {
    dedupe: new DynamoWebhookDedupeStore(),
    mirror: new DynamoAdObjectMirror(),
    connections: new DynamoConnectionStore(),
    notifications: new DynamoNotificationStore(),
  };
  return deps;
}

export const handler = queueConsumer(
  { schema: webhookChangeMessageSchema, queueEnvVar: queues.webhookEvents.envVar },
  async ({ body }) => {
    await applyWebhookChange(body, applyDeps());
  },
);
