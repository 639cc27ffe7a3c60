/**
 * What DynamoDB answers when a partition or the table is over its throughput: worth waiting and
 * trying again, never an answer about the data. Pure, on the error's `name` and a cancelled
 * transaction's reason codes, so it holds for the SDK's classes and for any wrapped client.
 */
const THROTTLING_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

/** Reason codes of a cancelled transaction that say "try again", not "the condition is false". */
const RETRYABLE_CANCEL_REASONS = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'TransactionConflict',
  'RequestLimitExceeded',
]);

interface ErrorShape {
  name?: unknown;
  CancellationReasons?: unknown;
}

/** The reason codes of a TransactionCanceledException (empty when DynamoDB gave none). */
export function cancellationCodes(err: unknown): string[] {
  const reasons = (err as ErrorShape | null)?.CancellationReasons;
  if (!Array.isArray(reasons)) return [];
  return reasons.flatMap((reason: unknown) => {
    const code = (reason as { Code?: unknown } | null)?.Code;
    return typeof code === 'string' ? [code] : [];
  });
}

/**
 * DynamoDB refused for throughput: a throttling error, or a transaction cancelled because one of
 * its items was throttled or in another transaction's way.
 * @example isDynamoThrottling({ name: 'ProvisionedThroughputExceededException' }) // true
 */
export function isDynamoThrottling(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const name = (err as ErrorShape).name;
  if (typeof name !== 'string') return false;
  if (THROTTLING_ERRORS.has(name)) return true;
  return (
    name === 'TransactionCanceledException' &&
    cancellationCodes(err).some((code) => RETRYABLE_CANCEL_REASONS.has(code))
  );
}

/**
 * A cancelled transaction that is an answer (a condition was false), not a throughput refusal.
 * DynamoDB names a reason per item; without reasons it is read as a condition failure, as before.
 */
export function isCancelledByCondition(err: unknown): boolean {
  if ((err as ErrorShape | null)?.name !== 'TransactionCanceledException') return false;
  if (isDynamoThrottling(err)) return false;
  const codes = cancellationCodes(err).filter((code) => code !== 'None');
  return codes.length === 0 || codes.includes('ConditionalCheckFailed');
}
