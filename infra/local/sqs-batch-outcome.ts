import * as z from 'zod';

/** What happens to a received batch after the function returned or threw. */
export type BatchOutcome =
  | { kind: 'succeeded' }
  | { kind: 'partial'; failedIds: string[] }
  | { kind: 'failed'; reason: string };

const batchResponse = z
  .object({
    batchItemFailures: z.array(z.object({ itemIdentifier: z.string().min(1) })).nullish(),
  })
  .nullish();

/**
 * Reads a function's response the way Lambda does with `ReportBatchItemFailures`: no
 * response or no failures is a full success; an empty, missing or unknown `itemIdentifier`,
 * or a response of the wrong shape, fails the whole batch; otherwise only the listed
 * messages fail.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 * @example batchOutcome(['a', 'b'], { batchItemFailures: [{ itemIdentifier: 'b' }] }) // partial, ['b']
 */
export function batchOutcome(messageIds: readonly string[], response: unknown): BatchOutcome {
  const parsed = batchResponse.safeParse(response);
  if (!parsed.success) return { kind: 'failed', reason: 'invalid batch response' };
  const failures = parsed.data?.batchItemFailures ?? [];
  if (failures.length === 0) return { kind: 'succeeded' };
  const known = new Set(messageIds);
  const failedIds = [...new Set(failures.map((f) => f.itemIdentifier))];
  const unknown = failedIds.find((id) => !known.has(id));
  if (unknown !== undefined)
    return { kind: 'failed', reason: 'batchItemFailures names a message not in the batch' };
  return { kind: 'partial', failedIds };
}

/** The ids of the messages to delete after an outcome: those Lambda counts as done. */
export function deletableIds(messageIds: readonly string[], outcome: BatchOutcome): string[] {
  if (outcome.kind === 'failed') return [];
  if (outcome.kind === 'succeeded') return [...messageIds];
  const failed = new Set(outcome.failedIds);
  return messageIds.filter((id) => !failed.has(id));
}
