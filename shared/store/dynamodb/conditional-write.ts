import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB refused a write's condition (or cancelled a transaction of conditional writes):
 * someone else got there first. Callers read this as an answer, never as a failure.
 */
export function isConditionFailure(err: unknown): boolean {
  return err instanceof ConditionalCheckFailedException || err instanceof TransactionCanceledException;
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
