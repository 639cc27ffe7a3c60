import { throttledWriteRetry } from '../domain/throttled-write-retry';
import { StoreThrottledError } from '../platform/errors';
import { DeferError } from '../platform/queue';
import type { TaskMessage } from './sync-messages';

/**
 * Runs a task message's work; when DynamoDB throttles its writes past their retry budget (the
 * observations, the result, the conclusion's assets), the same message goes back on the queue
 * with a growing delay instead of failing the task. Every step converges on a repeat: the
 * segment's observations and the assets are puts by key, a recorded result sends the next
 * delivery straight to the conclusion. Past the requeue budget the error is thrown, for the
 * queue to redeliver.
 * @example await requeueThrottled(message, () => runSyncTask(deps, message));
 */
export async function requeueThrottled(
  message: TaskMessage,
  work: () => Promise<void>,
  random: () => number = Math.random,
): Promise<void> {
  try {
    await work();
  } catch (err: unknown) {
    if (!(err instanceof StoreThrottledError)) throw err;
    const decision = throttledWriteRetry(message.throttledAttempt ?? 0, random);
    if (decision.action === 'give_up') throw err;
    throw new DeferError(
      decision.delaySeconds,
      { ...message, throttledAttempt: decision.nextAttempt },
      `sync task ${message.task.taskId} goes again in ${decision.delaySeconds} s: DynamoDB throttled its writes`,
    );
  }
}
