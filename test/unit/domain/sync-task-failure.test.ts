import { decideTaskFailure, SYNC_TASK_MAX_ATTEMPTS } from '../../../shared/domain/sync-task-failure';
import {
  type GraphErrorInfo,
  MetaCircuitOpenError,
  MetaPermissionError,
  MetaRequestError,
  MetaThrottledError,
  MetaTokenInvalidError,
  MetaTransientError,
} from '../../../shared/platform/errors';

const info: GraphErrorInfo = { httpStatus: 500, message: 'boom', code: 2 };

describe('decideTaskFailure', () => {
  it('defers a throttle for as long as Meta asks, without using an attempt', () => {
    expect(decideTaskFailure(new MetaThrottledError('slow down', info, 120), 2)).toEqual({
      action: 'defer',
      delaySeconds: 120,
      nextAttempt: 2,
    });
  });

  it('defers an outage or an open breaker while attempts remain, then fails', () => {
    expect(decideTaskFailure(new MetaTransientError('down', info, 4), 0)).toEqual({
      action: 'defer',
      delaySeconds: 4,
      nextAttempt: 1,
    });
    expect(decideTaskFailure(new MetaCircuitOpenError('open', 60), 1)).toEqual({
      action: 'defer',
      delaySeconds: 60,
      nextAttempt: 2,
    });
    const last = decideTaskFailure(new MetaTransientError('down', info, 4), SYNC_TASK_MAX_ATTEMPTS - 1);
    expect(last).toEqual({ action: 'fail', error: { code: 'meta_unavailable', message: 'down' } });
  });

  it('fails on token, permission and request errors', () => {
    for (const err of [
      new MetaTokenInvalidError('revoked', info),
      new MetaPermissionError('no', info),
      new MetaRequestError('bad', info),
    ]) {
      expect(decideTaskFailure(err, 0)).toEqual({
        action: 'fail',
        error: { code: err.code, message: err.message },
      });
    }
  });

  it('leaves anything else to the queue', () => {
    expect(decideTaskFailure(new Error('dynamo down'), 0)).toEqual({ action: 'redeliver' });
  });

  it('never waits less than a second', () => {
    expect(decideTaskFailure(new MetaThrottledError('x', info, 0), 0)).toMatchObject({ delaySeconds: 1 });
  });
});
