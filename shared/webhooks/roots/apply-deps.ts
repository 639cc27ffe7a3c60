import { adObjectMirror } from '../../store/dynamodb/ad-object-mirror';
import { connectionStore } from '../../store/dynamodb/connection-store';
import { notificationStore } from '../../store/dynamodb/notification-store';
import { webhookDedupeStore } from '../../store/dynamodb/webhook-dedupe-store';
import type { ApplyDeps } from '../apply-change';

/** The webhooks area's root for the change consumer (functions/webhooks/apply). */
export function applyDeps(): ApplyDeps {
  return {
    dedupe: webhookDedupeStore(),
    mirror: adObjectMirror(),
    connections: connectionStore(),
    notifications: notificationStore(),
  };
}
