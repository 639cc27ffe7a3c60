import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { StoreThrottledError } from '../../../../shared/platform/errors';
import { applied, isConditionFailure } from '../../../../shared/store/dynamodb/conditional-write';

const refused = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const cancelled = () => new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {} });

describe('conditional writes', () => {
  it('says a write applied', async () => {
    expect(await applied(Promise.resolve({}))).toBe(true);
  });

  it('says a refused condition or cancelled transaction did not apply', async () => {
    expect(await applied(Promise.reject(refused()))).toBe(false);
    expect(await applied(Promise.reject(cancelled()))).toBe(false);
    expect(isConditionFailure(refused())).toBe(true);
  });

  it('throws a transaction cancelled for throughput or a conflict: it is no answer, it goes again', async () => {
    for (const code of ['ThrottlingError', 'ProvisionedThroughputExceeded', 'TransactionConflict']) {
      const throttled = new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: code }],
      });
      expect(isConditionFailure(throttled)).toBe(false);
      const thrown = await applied(Promise.reject(throttled)).catch((err: unknown) => err);
      expect(thrown).toBeInstanceOf(StoreThrottledError);
      expect((thrown as StoreThrottledError).cause).toBe(throttled);
    }
    const refusedInTransaction = new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
    });
    expect(isConditionFailure(refusedInTransaction)).toBe(true);
  });

  it('throws every other error', async () => {
    await expect(applied(Promise.reject(new Error('network down')))).rejects.toThrow('network down');
    expect(isConditionFailure(new Error('x'))).toBe(false);
  });
});
