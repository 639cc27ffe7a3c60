import { isDynamoThrottling } from '../../domain/dynamo-throttle';
import { StoreThrottledError } from '../../platform/errors';

/** Rounds of a batch call before what DynamoDB keeps leaving unprocessed is an error. */
const MAX_ROUNDS = 10;

export type Sleep = (ms: number) => Promise<void>;

export const sleepFor: Sleep = (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a batch call until DynamoDB has processed every entry: `send` takes the entries still
 * pending and returns those it left unprocessed (throttling), which go again after a growing
 * pause (50 ms, doubling, at most 1 s), for `MAX_ROUNDS` rounds at most. Throughput refusals
 * that outlast that budget (or that the SDK's own retries gave up on) are a
 * `StoreThrottledError`: the caller's work waits and goes again, it has not failed.
 * @example await untilProcessed(puts, async (pending) => unprocessedOf(await client.send(...)), 'puts')
 */
export async function untilProcessed<T>(
  entries: readonly T[],
  send: (pending: T[]) => Promise<T[]>,
  what: string,
  sleep: Sleep = sleepFor,
): Promise<void> {
  let pending = [...entries];
  for (let round = 0; pending.length > 0; round++) {
    if (round >= MAX_ROUNDS)
      throw new StoreThrottledError(
        `DynamoDB left ${pending.length} ${what} unprocessed after ${MAX_ROUNDS} rounds`,
      );
    if (round > 0) await sleep(Math.min(1000, 25 * 2 ** round));
    pending = await throttlingAsStoreError(send(pending), what);
  }
}

async function throttlingAsStoreError<T>(sent: Promise<T>, what: string): Promise<T> {
  try {
    return await sent;
  } catch (err: unknown) {
    if (isDynamoThrottling(err)) throw new StoreThrottledError(`DynamoDB throttled ${what}`, { cause: err });
    throw err;
  }
}
