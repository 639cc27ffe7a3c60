import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { approvalNotFound } from '../approval-store';
import { dynamoDocumentClient } from '../aws-clients';
import type { MutationCommit, MutationCommitParts } from '../mutation-commit';
import { DynamoApprovalStore } from './approval-store';
import { DynamoAuditStore } from './audit-store';
import { DynamoIdempotencyStore } from './idempotency-store';
import { DynamoManagedObjectStore } from './managed-object-store';
import type { TransactItem } from './transact-item';

export interface DynamoMutationCommitOptions {
  /** @default the container's shared document client */
  client?: DynamoDBDocumentClient;
  /** The app table. @default the table named by TABLE_APP */
  tableName?: string;
  /** @default the table named by TABLE_IDEMPOTENCY */
  idempotencyTableName?: string;
  /** Stamps the stored answer's expiration. @default () => new Date() */
  now?: () => Date;
}

/**
 * One TransactWriteItems across the app and idempotency tables, built from the stores' own
 * item builders so a committed write reads back exactly as the store's single write would.
 */
export class DynamoMutationCommit implements MutationCommit {
  private readonly client: DynamoDBDocumentClient;
  private readonly objects: DynamoManagedObjectStore;
  private readonly audit: DynamoAuditStore;
  private readonly idempotency: DynamoIdempotencyStore;
  private readonly approvals: DynamoApprovalStore;

  constructor(options: DynamoMutationCommitOptions = {}) {
    this.client = options.client ?? dynamoDocumentClient();
    const app = { client: this.client, ...(options.tableName ? { tableName: options.tableName } : {}) };
    this.objects = new DynamoManagedObjectStore(app);
    this.audit = new DynamoAuditStore(app);
    this.approvals = new DynamoApprovalStore(app);
    this.idempotency = new DynamoIdempotencyStore({
      client: this.client,
      ...(options.idempotencyTableName ? { tableName: options.idempotencyTableName } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  async commit(parts: MutationCommitParts): Promise<void> {
    // The object's item of before the shards moves first: the transaction writes its shard.
    if (parts.object) await this.objects.moveAccount(parts.object.adAccountId);
    const items: TransactItem[] = [];
    if (parts.object) items.push(this.objects.putItem(parts.object));
    items.push(this.audit.appendItem(parts.audit));
    if (parts.idempotency) {
      const { scope, fingerprint, answer, ttlSeconds } = parts.idempotency;
      items.push(this.idempotency.completeItem(scope, fingerprint, answer, ttlSeconds));
    }
    const { approval, approvalResult } = parts;
    // A transaction may touch an item once: a new approval with its result is one Put.
    const sameApproval =
      approval && approvalResult?.workspaceId === approval.workspaceId && approvalResult.id === approval.id;
    if (approval)
      items.push(
        this.approvals.createItem(sameApproval ? { ...approval, result: approvalResult.result } : approval),
      );
    const resultAt = approvalResult && !sameApproval ? items.length : undefined;
    if (approvalResult && !sameApproval)
      items.push(
        this.approvals.setResultItem(approvalResult.workspaceId, approvalResult.id, approvalResult.result),
      );
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err: unknown) {
      if (
        approvalResult &&
        resultAt !== undefined &&
        err instanceof TransactionCanceledException &&
        err.CancellationReasons?.[resultAt]?.Code === 'ConditionalCheckFailed'
      )
        throw approvalNotFound(approvalResult.id);
      throw err;
    }
  }
}

let sharedMutationCommit: MutationCommit | undefined;

/** The one DynamoMutationCommit of the container, for the composition roots (shared/<area>/*-root.ts, roots/). */
export function mutationCommit(): MutationCommit {
  sharedMutationCommit ??= new DynamoMutationCommit();
  return sharedMutationCommit;
}
