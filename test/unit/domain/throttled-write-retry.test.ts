import {
  THROTTLED_WRITE_MAX_REQUEUES,
  throttledWriteRetry,
} from '../../../shared/domain/throttled-write-retry';

describe('throttledWriteRetry', () => {
  it('requeues with a delay that grows from 1–2 s, counting the attempt', () => {
    expect(throttledWriteRetry(0, () => 0)).toEqual({ action: 'requeue', delaySeconds: 1, nextAttempt: 1 });
    expect(throttledWriteRetry(0, () => 1)).toEqual({ action: 'requeue', delaySeconds: 2, nextAttempt: 1 });
    expect(throttledWriteRetry(3, () => 0)).toEqual({ action: 'requeue', delaySeconds: 8, nextAttempt: 4 });
  });

  it('never waits more than two minutes', () => {
    const decision = throttledWriteRetry(THROTTLED_WRITE_MAX_REQUEUES - 1, () => 1);
    expect(decision).toEqual({
      action: 'requeue',
      delaySeconds: 120,
      nextAttempt: THROTTLED_WRITE_MAX_REQUEUES,
    });
  });

  it('gives up after its requeues, for the queue to redeliver', () => {
    expect(throttledWriteRetry(THROTTLED_WRITE_MAX_REQUEUES, () => 0.5)).toEqual({ action: 'give_up' });
    expect(throttledWriteRetry(2, () => 0.5, 2)).toEqual({ action: 'give_up' });
  });
});
