import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { isCancelledByCondition, isDynamoThrottling } from '../../domain/dynamo-throttle';
import { StoreThrottledError } from '../../platform/errors';

/**
 * DynamoDB refused a write's condition (or cancelled a transaction of conditional writes):
 * someone else got there first. Callers read this as an answer, never as a failure. A
 * transaction cancelled for throughput (throttled, or in another transaction's way) is no
 * answer: it is thrown on, to be tried again.
 */
export function isConditionFailure(err: unknown): boolean {
  return (
    err instanceof ConditionalCheckFailedException ||
    (err instanceof TransactionCanceledException && isCancelledByCondition(err))
  );
}

/**
 * Awaits a conditional write and says whether it applied; any error other than a refused
 * condition is thrown, a throughput refusal as a `StoreThrottledError` (a route answers 503
 * with Retry-After, a queue consumer requeues).
 * @example if (!(await applied(client.send(new PutCommand({ ..., ConditionExpression })))) return false;
 */
export async function applied(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (err: unknown) {
    if (isConditionFailure(err)) return false;
    if (isDynamoThrottling(err))
      throw new StoreThrottledError('DynamoDB throttled a conditional write', { cause: err });
    throw err;
  }
}
