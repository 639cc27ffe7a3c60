import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

/** One entry of a TransactWriteItems call, as the document client takes it. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A TransactWriteItems `Put` entry: the table and the whole item. */
export type TransactPut = { Put: NonNullable<TransactItem['Put']> };

/** A TransactWriteItems `Update` entry. */
export type TransactUpdate = { Update: NonNullable<TransactItem['Update']> };
