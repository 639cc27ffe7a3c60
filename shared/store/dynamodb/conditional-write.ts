import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { isCancelledByCondition } from '../../domain/dynamo-throttle';

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
 * condition is thrown.
 * @example if (!(await applied(client.send(new PutCommand({ ..., ConditionExpression })))) return false;
 */
export async function applied(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (err: unknown) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}
