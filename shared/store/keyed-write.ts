import type { MutationCommitParts } from './mutation-commit';

/** A final answer stored under an Idempotency-Key in the same write as the record it answers. */
export type KeyedWrite = NonNullable<MutationCommitParts['idempotency']>;
