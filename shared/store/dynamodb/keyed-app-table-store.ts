import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '../aws-clients';
import type { KeyedWrite } from '../keyed-write';
import { appTableName } from './app-table';
import { DynamoIdempotencyStore } from './idempotency-store';
import type { TransactPut } from './transact-item';

export interface KeyedAppTableStoreOptions {
  /** @default the container's shared document client */
  client?: DynamoDBDocumentClient;
  /** @default the table named by TABLE_APP */
  tableName?: string;
  /** Where a keyed create's answer goes. @default the table named by TABLE_IDEMPOTENCY */
  idempotencyTableName?: string;
  /** Stamps a stored answer's expiration. @default () => new Date() */
  now?: () => Date;
}

/**
 * An app-table store whose creates may carry an Idempotency-Key's final answer: the record and
 * the answer are written in one transaction, so a retry never finds one without the other.
 */
export abstract class KeyedAppTableStore {
  protected readonly client: DynamoDBDocumentClient;
  private readonly table: string | undefined;
  private readonly idempotency: DynamoIdempotencyStore;

  constructor(options: KeyedAppTableStoreOptions = {}) {
    this.client = options.client ?? dynamoDocumentClient();
    this.table = options.tableName;
    this.idempotency = new DynamoIdempotencyStore({
      client: this.client,
      ...(options.idempotencyTableName ? { tableName: options.idempotencyTableName } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  /** Writes `put`, with the key's answer in the same transaction when there is one. */
  protected async putWithAnswer(put: TransactPut, idempotency: KeyedWrite | undefined): Promise<void> {
    if (!idempotency) {
      await this.client.send(new PutCommand(put.Put));
      return;
    }
    const { scope, fingerprint, answer, ttlSeconds } = idempotency;
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [put, this.idempotency.completeItem(scope, fingerprint, answer, ttlSeconds)],
      }),
    );
  }

  /** Read per call: the table name comes from the environment, which tests may switch. */
  protected get tableName(): string {
    return this.table ?? appTableName();
  }
}
