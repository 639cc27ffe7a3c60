import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
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

  it('throws every other error', async () => {
    await expect(applied(Promise.reject(new Error('network down')))).rejects.toThrow('network down');
    expect(isConditionFailure(new Error('x'))).toBe(false);
  });
});
