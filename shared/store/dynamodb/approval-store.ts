import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Approval, StoredAnswer } from '../../domain/mutation';
import { ConflictError } from '../../platform/errors';
import {
  type ApprovalDecision,
  type ApprovalListOptions,
  type ApprovalPage,
  type ApprovalStore,
  approvalNotFound,
} from '../approval-store';
import { dynamoDocumentClient } from '../aws-clients';
import { appKeys, appTableName } from './app-table';
import type { StoredItem } from './batch-get';
import { isConditionFailure } from './conditional-write';
import { decodeCursor, encodeCursor } from './cursor';
import { type ItemFilter, queryPage } from './filtered-page';
import type { TransactPut, TransactUpdate } from './transact-item';

export interface DynamoApprovalStoreOptions {
  /** @default the container's shared document client */
  client?: DynamoDBDocumentClient;
  /** @default the table named by TABLE_APP */
  tableName?: string;
}

const PENDING = 'pending_approval';

/** The decided approval's status, as ReturnValuesOnConditionCheckFailure hands it back. */
const heldStatusSchema = z.object({ status: z.object({ S: z.string() }) });

/** Approvals in the app table at `WS#<ws>` / `APPROVAL#<id>` (ids sort by time). */
export class DynamoApprovalStore implements ApprovalStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string | undefined;

  constructor(options: DynamoApprovalStoreOptions = {}) {
    this.client = options.client ?? dynamoDocumentClient();
    this.table = options.tableName;
  }

  async create(approval: Approval): Promise<void> {
    await this.client.send(new PutCommand(this.createItem(approval).Put));
  }

  /** The TransactWriteItems entry that creates `approval` (MutationCommit); refused if the id exists. */
  createItem(approval: Approval): TransactPut {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...approval, ...keyOf(approval.workspaceId, approval.id) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  async get(workspaceId: string, id: string): Promise<Approval | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(workspaceId, id), ConsistentRead: true }),
    );
    return out.Item ? toApproval(out.Item) : undefined;
  }

  /** One conditional update; a refusal hands back the stored status, so no second read. */
  async decide(workspaceId: string, id: string, decision: ApprovalDecision): Promise<Approval> {
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(workspaceId, id),
          UpdateExpression: 'SET #status = :status, decidedBy = :decidedBy, decidedAt = :decidedAt',
          ConditionExpression: 'attribute_exists(pk) AND #status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': decision.status,
            ':decidedBy': decision.decidedBy,
            ':decidedAt': decision.decidedAt,
            ':pending': PENDING,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return toApproval(out.Attributes ?? {});
    } catch (err: unknown) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      if (!err.Item) throw approvalNotFound(id);
      const { status } = heldStatusSchema.parse(err.Item);
      throw new ConflictError('The approval was already decided.', {
        code: 'approval_decided',
        details: { status: status.S },
      });
    }
  }

  async setResult(workspaceId: string, id: string, result: StoredAnswer): Promise<Approval> {
    try {
      const out = await this.client.send(
        new UpdateCommand({ ...this.setResultItem(workspaceId, id, result).Update, ReturnValues: 'ALL_NEW' }),
      );
      return toApproval(out.Attributes ?? {});
    } catch (err: unknown) {
      if (isConditionFailure(err)) throw approvalNotFound(id);
      throw err;
    }
  }

  /** The TransactWriteItems entry that records an approved run's answer; refused if the approval is gone. */
  setResultItem(workspaceId: string, id: string, result: StoredAnswer): TransactUpdate {
    return {
      Update: {
        TableName: this.tableName,
        Key: keyOf(workspaceId, id),
        UpdateExpression: 'SET #result = :result',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#result': 'result' },
        ExpressionAttributeValues: { ':result': result },
      },
    };
  }

  async list(workspaceId: string, options: ApprovalListOptions): Promise<ApprovalPage> {
    const filter = approvalFilter(options);
    const page = await queryPage({
      client: this.client,
      tableName: this.tableName,
      pk: appKeys.workspace(workspaceId),
      skPrefix: appKeys.approvalPrefix,
      limit: options.limit,
      forward: false,
      ...(options.cursor
        ? { startKey: decodeCursor(options.cursor, workspaceId, appKeys.approvalPrefix) }
        : {}),
      ...(filter ? { filter } : {}),
    });
    return {
      items: page.items.map(toApproval),
      ...(page.lastKey ? { nextCursor: encodeCursor(page.lastKey) } : {}),
    };
  }

  /** Read per call: the table name comes from the environment, which tests may switch. */
  private get tableName(): string {
    return this.table ?? appTableName();
  }
}

function keyOf(workspaceId: string, id: string): { pk: string; sk: string } {
  return { pk: appKeys.workspace(workspaceId), sk: appKeys.approval(id) };
}

function approvalFilter(options: ApprovalListOptions): ItemFilter | undefined {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (options.status !== undefined) {
    clauses.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = options.status;
  }
  if (options.requestedBySub !== undefined) {
    clauses.push('#requestedBy.#sub = :sub');
    names['#requestedBy'] = 'requestedBy';
    names['#sub'] = 'sub';
    values[':sub'] = options.requestedBySub;
  }
  return clauses.length ? { expression: clauses.join(' AND '), names, values } : undefined;
}

function toApproval(item: StoredItem): Approval {
  const { pk: _pk, sk: _sk, ...approval } = item;
  return approval as Approval;
}

let sharedApprovalStore: ApprovalStore | undefined;

/** The one DynamoApprovalStore of the container, for the composition roots (shared/<area>/*-root.ts, roots/). */
export function approvalStore(): ApprovalStore {
  sharedApprovalStore ??= new DynamoApprovalStore();
  return sharedApprovalStore;
}
