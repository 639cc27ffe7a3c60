import { queues } from '../../../infra/resources';
import { resourceName } from '../../platform/config';
import { SqsChangeQueue } from '../change-queue';
import type { ReceiveDeps } from '../receive-delivery';
import { webhookKeySource } from '../signing-keys';

let deps: ReceiveDeps | undefined;

/**
 * The webhooks area's root for the receiver (functions/webhooks/receive), built once per
 * container: the key source keeps its refresh throttle across requests.
 */
export function receiveDeps(): ReceiveDeps {
  deps ??= { keys: webhookKeySource(), queue: new SqsChangeQueue(resourceName(queues.webhookEvents.envVar)) };
  return deps;
}
