import { MetaTransientError, StoreThrottledError } from '../../../shared/platform/errors';
import { DeferError } from '../../../shared/platform/queue';
import { requeueThrottled } from '../../../shared/sync/requeue-throttled';
import type { TaskMessage } from '../../../shared/sync/sync-messages';

const message: TaskMessage = {
  kind: 'task',
  workspaceId: 'ws1',
  syncRunId: 'sr_1',
  generation: 1,
  task: { kind: 'token', taskId: 't-1', tokenId: 'tok1', edges: [] },
};

const throttled = () => Promise.reject(new StoreThrottledError('DynamoDB left 25 writes unprocessed'));

describe('requeueThrottled', () => {
  it('puts the same message back with a delay and one more attempt when DynamoDB throttled its writes', async () => {
    const failure = requeueThrottled(message, throttled, () => 0);
    await expect(failure).rejects.toBeInstanceOf(DeferError);
    const err = (await failure.catch((e: unknown) => e)) as DeferError;
    expect(err.delaySeconds).toBe(1);
    expect(err.resume).toEqual({ ...message, throttledAttempt: 1 });
  });

  it('waits longer on each requeue', async () => {
    const again = { ...message, throttledAttempt: 4 };
    const err = (await requeueThrottled(again, throttled, () => 0).catch((e: unknown) => e)) as DeferError;
    expect(err.delaySeconds).toBe(16);
    expect(err.resume).toMatchObject({ throttledAttempt: 5 });
  });

  it('throws the throttle on for the queue to redeliver once the requeues are spent', async () => {
    await expect(requeueThrottled({ ...message, throttledAttempt: 8 }, throttled)).rejects.toBeInstanceOf(
      StoreThrottledError,
    );
  });

  it('leaves other errors and a Meta deferral as they are', async () => {
    const meta = new MetaTransientError('down', { httpStatus: 500, message: 'down' });
    await expect(requeueThrottled(message, () => Promise.reject(meta))).rejects.toBe(meta);
    const wait = new DeferError(30, { ...message }, 'Meta throttle');
    await expect(requeueThrottled(message, () => Promise.reject(wait))).rejects.toBe(wait);
    await expect(requeueThrottled(message, async () => undefined)).resolves.toBeUndefined();
  });
});
