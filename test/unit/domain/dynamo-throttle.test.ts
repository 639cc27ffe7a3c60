import {
  cancellationCodes,
  isCancelledByCondition,
  isDynamoThrottling,
} from '../../../shared/domain/dynamo-throttle';

const cancelled = (...codes: string[]) => ({
  name: 'TransactionCanceledException',
  CancellationReasons: codes.map((Code) => ({ Code })),
});

describe('DynamoDB throttle classification', () => {
  it('reads throughput refusals as throttling', () => {
    expect(isDynamoThrottling({ name: 'ProvisionedThroughputExceededException' })).toBe(true);
    expect(isDynamoThrottling({ name: 'ThrottlingException' })).toBe(true);
    expect(isDynamoThrottling({ name: 'RequestLimitExceeded' })).toBe(true);
  });

  it('reads a transaction cancelled for throughput or a conflict as throttling, not as a refused condition', () => {
    for (const code of ['ThrottlingError', 'ProvisionedThroughputExceeded', 'TransactionConflict']) {
      const err = cancelled('None', code);
      expect(isDynamoThrottling(err)).toBe(true);
      expect(isCancelledByCondition(err)).toBe(false);
    }
  });

  it('reads a transaction cancelled by a false condition as a refused condition', () => {
    expect(isCancelledByCondition(cancelled('None', 'ConditionalCheckFailed'))).toBe(true);
    expect(isDynamoThrottling(cancelled('ConditionalCheckFailed'))).toBe(false);
    // Without reasons (an older SDK, a hand-made error) it stays what it always was.
    expect(isCancelledByCondition({ name: 'TransactionCanceledException' })).toBe(true);
  });

  it('reads a throttled item beside a refused condition as throttling: the retry meets the condition again', () => {
    expect(isCancelledByCondition(cancelled('ConditionalCheckFailed', 'ThrottlingError'))).toBe(false);
  });

  it('reads other cancellations (a validation error) as neither', () => {
    const err = cancelled('ValidationError');
    expect(isDynamoThrottling(err)).toBe(false);
    expect(isCancelledByCondition(err)).toBe(false);
  });

  it('reads everything else as neither', () => {
    for (const err of [
      new Error('boom'),
      { name: 'ConditionalCheckFailedException' },
      null,
      'Throttling',
      42,
    ]) {
      expect(isDynamoThrottling(err)).toBe(false);
      expect(isCancelledByCondition(err)).toBe(false);
    }
  });

  it('lists reason codes, skipping reasons without one', () => {
    expect(
      cancellationCodes({ CancellationReasons: [{ Code: 'None' }, {}, null, { Code: 'ThrottlingError' }] }),
    ).toEqual(['None', 'ThrottlingError']);
    expect(cancellationCodes(new Error('x'))).toEqual([]);
  });
});
