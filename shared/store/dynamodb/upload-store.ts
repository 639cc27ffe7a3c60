import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { UploadRecord } from '../../domain/upload';
import { dynamoDocumentClient } from '../aws-clients';
import { StaleUploadError, type UploadChange, type UploadStore, uploadExists } from '../upload-store';
import { appKeys, appTableName } from './app-table';
import type { StoredItem } from './batch-get';

export interface DynamoUploadStoreOptions {
  /** @default the container's shared document client */
  client?: DynamoDBDocumentClient;
  /** @default the table named by TABLE_APP */
  tableName?: string;
}

/** An upload stays readable (ready, rejected, expired) this long after its link expired. */
export const UPLOAD_TTL_AFTER_EXPIRY_SECONDS = 30 * 24 * 3600;

/**
 * Uploads in the app table at `WS#<ws>` / `UPLOAD#<id>`. Every update is conditional on the
 * version read, so two ingests of one upload (a redelivered message) never both advance it.
 */
export class DynamoUploadStore implements UploadStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string | undefined;

  constructor(options: DynamoUploadStoreOptions = {}) {
    this.client = options.client ?? dynamoDocumentClient();
    this.table = options.tableName;
  }

  async create(upload: UploadRecord): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...upload, ...keyOf(upload.workspaceId, upload.id), ttl: ttlOf(upload.expiresAt) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err: unknown) {
      if (err instanceof ConditionalCheckFailedException) throw uploadExists(upload.id);
      throw err;
    }
  }

  async get(workspaceId: string, uploadId: string): Promise<UploadRecord | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(workspaceId, uploadId), ConsistentRead: true }),
    );
    return out.Item ? toUpload(out.Item) : undefined;
  }

  /** SETs what `change` gives a value, REMOVEs what it names as undefined, bumps `version`. */
  async update(
    workspaceId: string,
    uploadId: string,
    expectedVersion: number,
    change: UploadChange,
    nowIso: string,
  ): Promise<UploadRecord> {
    const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = {
      ':expected': expectedVersion,
      ':next': expectedVersion + 1,
      ':now': nowIso,
    };
    const sets = ['#version = :next', '#updatedAt = :now'];
    const removes: string[] = [];
    // A ready upload is kept: its Meta hash or video stays usable by briefs and creatives
    // long after the staged file expired. Pending and rejected ones still age out.
    if (change.status === 'ready') {
      names['#ttl'] = 'ttl';
      removes.push('#ttl');
    }
    for (const [field, value] of Object.entries(change)) {
      names[`#${field}`] = field;
      if (value === undefined) {
        removes.push(`#${field}`);
      } else {
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
    }
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(workspaceId, uploadId),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toUpload(out.Attributes ?? {});
    } catch (err: unknown) {
      if (err instanceof ConditionalCheckFailedException) throw new StaleUploadError(uploadId);
      throw err;
    }
  }

  /** Read per call: the table name comes from the environment, which tests may switch. */
  private get tableName(): string {
    return this.table ?? appTableName();
  }
}

function keyOf(workspaceId: string, uploadId: string): { pk: string; sk: string } {
  return { pk: appKeys.workspace(workspaceId), sk: appKeys.upload(uploadId) };
}

function ttlOf(expiresAt: string): number {
  return Math.floor(Date.parse(expiresAt) / 1000) + UPLOAD_TTL_AFTER_EXPIRY_SECONDS;
}

function toUpload(item: StoredItem): UploadRecord {
  const { pk: _pk, sk: _sk, ttl: _ttl, ...upload } = item;
  return upload as UploadRecord;
}

let sharedUploadStore: UploadStore | undefined;

/** The one DynamoUploadStore of the container, for the composition roots (shared/<area>/*-root.ts, roots/). */
export function uploadStore(): UploadStore {
  sharedUploadStore ??= new DynamoUploadStore();
  return sharedUploadStore;
}
