import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { WebhookChangeMessage } from '../domain/webhook-change';
import { mirrorPatchFor } from '../domain/webhook-mirror-update';
import { notificationFor } from '../domain/webhook-notification';
import { logger, metrics } from '../platform/observability';
import type { AdObjectMirror, MirrorWriteOutcome } from '../store/ad-object-mirror';
import type { ConnectionStore } from '../store/connection-store';
import type { NotificationStore } from '../store/notification-store';
import type { WebhookDedupeStore } from '../store/webhook-dedupe-store';

export interface ApplyDeps {
  dedupe: WebhookDedupeStore;
  mirror: AdObjectMirror;
  connections: Pick<ConnectionStore, 'workspacesUsingAdAccount'>;
  notifications: Pick<NotificationStore, 'add'>;
}

export type ApplyOutcome =
  | { outcome: 'duplicate' }
  | { outcome: 'no_workspace' }
  | { outcome: MirrorWriteOutcome; notified: number };

/**
 * Applies one change: mirror (only if newer than what it holds), then one notification per
 * connected workspace that picked the ad account, then the dedupe mark. Every step is
 * idempotent (conditional mirror write; notifications keyed by the change), so a crash
 * anywhere before the mark just means the retry does the same again. Notifications do not
 * depend on the mirror outcome: an older event that arrives late is still news (it is listed
 * at its own time), and a retry after a crash between the two steps still posts it.
 * A change for an ad account no connected workspace uses is recorded and dropped.
 * @example await applyWebhookChange(message, { dedupe, mirror, connections, notifications })
 */
export async function applyWebhookChange(
  message: WebhookChangeMessage,
  deps: ApplyDeps,
): Promise<ApplyOutcome> {
  const context = {
    changeKey: message.key,
    field: message.field,
    adAccountId: message.change.adAccountId,
    ...('objectId' in message.change ? { objectId: message.change.objectId } : {}),
  };
  if (await deps.dedupe.isProcessed(message.key)) {
    metrics.addMetric('WebhookChangesDuplicate', MetricUnit.Count, 1);
    logger.debug('webhook change already applied', context);
    return { outcome: 'duplicate' };
  }

  const workspaces = await deps.connections.workspacesUsingAdAccount(message.change.adAccountId);
  if (workspaces.length === 0) {
    metrics.addMetric('WebhookChangesIgnored', MetricUnit.Count, 1);
    logger.info('webhook change ignored', { ...context, reason: 'no_connected_workspace' });
    await deps.dedupe.markProcessed(message.key);
    return { outcome: 'no_workspace' };
  }

  const write = mirrorPatchFor(message);
  let outcome: MirrorWriteOutcome;
  let objectName: string | undefined;
  if (write.target === 'object') {
    const result = await deps.mirror.applyObjectState(write.patch);
    outcome = result.outcome;
    objectName = result.record?.name;
  } else {
    outcome = (await deps.mirror.applyAccountStatus(write.patch)).outcome;
  }
  if (outcome === 'stale') {
    metrics.addMetric('WebhookChangesStale', MetricUnit.Count, 1);
    logger.info('webhook change older than the mirror; state kept', context);
  }

  const notifications = workspaces.flatMap((workspaceId) => {
    const n = notificationFor(message, workspaceId, objectName ? { objectName } : {});
    return n ? [n] : [];
  });
  await Promise.all(notifications.map((n) => deps.notifications.add(n)));

  await deps.dedupe.markProcessed(message.key);
  metrics.addMetric('WebhookChangesApplied', MetricUnit.Count, 1);
  return { outcome, notified: notifications.length };
}
