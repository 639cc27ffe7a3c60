import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { StoredAnswer } from '../../domain/mutation';
import { dynamoDocumentClient } from '../aws-clients';
import type { ClaimOptions, ClaimResult, IdempotencyScope, IdempotencyStore } from '../idempotency-store';
import { applied } from './conditional-write';
import { idempotencyRecordId, idempotencyTableName } from './idempotency-table';
import type { TransactPut } from './transact-item';

export interface DynamoIdempotencyStoreOptions {
  /** @default the container's shared document client */
  client?: DynamoDBDocumentClient;
  /** @default the table named by TABLE_IDEMPOTENCY */
  tableName?: string;
  /** @default () => new Date() */
  now?: () => Date;
}

const IN_PROGRESS = 'INPROGRESS';
const COMPLETED = 'COMPLETED';

/** The refused claim's record, as ReturnValuesOnConditionCheckFailure hands it back (raw attribute values). */
const heldRecordSchema = z.object({
  status: z.object({ S: z.enum([IN_PROGRESS, COMPLETED]) }),
  validation: z.object({ S: z.string() }),
  data: z.object({ S: z.string() }).optional(),
});

const storedAnswerSchema = z.object({ status: z.number().int(), body: z.unknown().optional() });

/**
 * Idempotency records in the idempotency table, laid out like Powertools idempotency's:
 * `id` (`<workspaceId>#<key>`), `status` INPROGRESS|COMPLETED, `expiration` (epoch seconds,
 * the table's TTL), `in_progress_expiration` (epoch ms), `validation` (the request
 * fingerprint) and `data` (the answer as JSON). We keep our own adapter rather than the
 * Powertools wrapper because the answer must land in the same transaction as the mirror
 * write and the audit entry (MutationCommit), which Powertools' persistence cannot join.
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string | undefined;
  private readonly now: () => Date;

  constructor(options: DynamoIdempotencyStoreOptions = {}) {
    this.client = options.client ?? dynamoDocumentClient();
    this.table = options.tableName;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * One conditional PutItem: the key is free, expired (TTL deletes late), or an abandoned
   * claim whose in-flight time has passed. A refusal returns the held record (ALL_OLD), so
   * deciding replay / in_flight / mismatch costs no second read.
   */
  async claim(scope: IdempotencyScope, fingerprint: string, options: ClaimOptions): Promise<ClaimResult> {
    const nowMs = this.now().getTime();
    try {
      const put = await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          ReturnValues: 'ALL_OLD',
          Item: {
            id: idempotencyRecordId(scope),
            status: IN_PROGRESS,
            expiration: Math.floor(nowMs / 1000) + options.ttlSeconds,
            in_progress_expiration: nowMs + options.inFlightSeconds * 1000,
            validation: fingerprint,
          },
          ConditionExpression:
            'attribute_not_exists(id) OR expiration < :now OR (#status = :inProgress AND in_progress_expiration < :nowMs)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':now': Math.floor(nowMs / 1000),
            ':nowMs': nowMs,
            ':inProgress': IN_PROGRESS,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      // An unexpired record we replaced can only be an abandoned or released-unsure claim.
      const old = put.Attributes;
      const resumed = old?.status === IN_PROGRESS && Number(old.expiration) >= Math.floor(nowMs / 1000);
      return { kind: 'claimed', resumed };
    } catch (err: unknown) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      return heldClaimResult(err.Item, fingerprint);
    }
  }

  async release(
    scope: IdempotencyScope,
    fingerprint: string,
    options: { mayHaveApplied?: boolean } = {},
  ): Promise<void> {
    if (options.mayHaveApplied) {
      // Kept, but free to take at once: the next claim reads `resumed` and looks first.
      await applied(
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { id: idempotencyRecordId(scope) },
            UpdateExpression: 'SET in_progress_expiration = :zero',
            ConditionExpression: '#status = :inProgress AND validation = :fingerprint',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':inProgress': IN_PROGRESS,
              ':fingerprint': fingerprint,
              ':zero': 0,
            },
          }),
        ),
      );
      return;
    }
    // Only our own unfinished claim: a final answer, or another request's claim, stays.
    await applied(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { id: idempotencyRecordId(scope) },
          ConditionExpression: '#status = :inProgress AND validation = :fingerprint',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': IN_PROGRESS, ':fingerprint': fingerprint },
        }),
      ),
    );
  }

  async complete(
    scope: IdempotencyScope,
    fingerprint: string,
    answer: StoredAnswer,
    ttlSeconds: number,
  ): Promise<void> {
    await this.client.send(new PutCommand(this.completeItem(scope, fingerprint, answer, ttlSeconds).Put));
  }

  /**
   * The TransactWriteItems entry that marks the key COMPLETED with its answer. It has no
   * condition on purpose: it is written after Meta applied the change, and a refused
   * condition would cancel the mirror write and the audit entry with it.
   */
  completeItem(
    scope: IdempotencyScope,
    fingerprint: string,
    answer: StoredAnswer,
    ttlSeconds: number,
  ): TransactPut {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          id: idempotencyRecordId(scope),
          status: COMPLETED,
          expiration: Math.floor(this.now().getTime() / 1000) + ttlSeconds,
          validation: fingerprint,
          data: JSON.stringify(answer),
        },
      },
    };
  }

  /** Read per call: the table name comes from the environment, which tests may switch. */
  private get tableName(): string {
    return this.table ?? idempotencyTableName();
  }
}

/** What a refused claim means, from the record that holds the key. */
function heldClaimResult(item: unknown, fingerprint: string): ClaimResult {
  const held = heldRecordSchema.parse(item);
  if (held.validation.S !== fingerprint) return { kind: 'mismatch' };
  if (held.status.S === IN_PROGRESS) return { kind: 'in_flight' };
  if (!held.data) throw new Error('A completed idempotency record has no stored answer');
  return { kind: 'replay', answer: storedAnswerSchema.parse(JSON.parse(held.data.S)) as StoredAnswer };
}

let sharedIdempotencyStore: IdempotencyStore | undefined;

/** The one DynamoIdempotencyStore of the container, for the composition roots (shared/<area>/*-root.ts, roots/). */
export function idempotencyStore(): IdempotencyStore {
  sharedIdempotencyStore ??= new DynamoIdempotencyStore();
  return sharedIdempotencyStore;
}
