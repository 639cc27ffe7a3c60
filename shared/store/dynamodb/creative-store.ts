import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CreativeRecord } from '../../domain/creative-record';
import { dynamoDocumentClient } from '../aws-clients';
import type { CreativePage, CreativeStore } from '../creative-store';
import type { KeyedWrite } from '../keyed-write';
import { appKeys, appTableName } from './app-table';
import type { StoredItem } from './batch-get';
import { decodeCursor, encodeCursor } from './cursor';
import { queryPage } from './filtered-page';
import { DynamoIdempotencyStore } from './idempotency-store';

export interface DynamoCreativeStoreOptions {
  /** @default the container's shared document client */
  client?: DynamoDBDocumentClient;
  /** @default the table named by TABLE_APP */
  tableName?: string;
  /** Where a keyed create's answer goes. @default the table named by TABLE_IDEMPOTENCY */
  idempotencyTableName?: string;
  /** Stamps a stored answer's expiration. @default () => new Date() */
  now?: () => Date;
}

/** Creatives in the app table at `WS#<ws>` / `CREATIVE#<createdAt>#<id>`. */
export class DynamoCreativeStore implements CreativeStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string | undefined;
  private readonly idempotency: DynamoIdempotencyStore;

  constructor(options: DynamoCreativeStoreOptions = {}) {
    this.client = options.client ?? dynamoDocumentClient();
    this.table = options.tableName;
    this.idempotency = new DynamoIdempotencyStore({
      client: this.client,
      ...(options.idempotencyTableName ? { tableName: options.idempotencyTableName } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  async save(creative: CreativeRecord, idempotency?: KeyedWrite): Promise<void> {
    // No condition: Meta made the creative already, and the record must land whatever else did.
    const put = {
      TableName: this.tableName,
      Item: {
        ...creative,
        pk: appKeys.workspace(creative.workspaceId),
        sk: appKeys.creative(creative.createdAt, creative.id),
      },
    };
    if (!idempotency) {
      await this.client.send(new PutCommand(put));
      return;
    }
    const { scope, fingerprint, answer, ttlSeconds } = idempotency;
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: put }, this.idempotency.completeItem(scope, fingerprint, answer, ttlSeconds)],
      }),
    );
  }

  async list(workspaceId: string, options: { limit: number; cursor?: string }): Promise<CreativePage> {
    const page = await queryPage({
      client: this.client,
      tableName: this.tableName,
      pk: appKeys.workspace(workspaceId),
      skPrefix: appKeys.creativePrefix,
      limit: options.limit,
      forward: false,
      ...(options.cursor
        ? { startKey: decodeCursor(options.cursor, workspaceId, appKeys.creativePrefix) }
        : {}),
    });
    return {
      items: page.items.map(toCreative),
      ...(page.lastKey ? { nextCursor: encodeCursor(page.lastKey) } : {}),
    };
  }

  /** Read per call: the table name comes from the environment, which tests may switch. */
  private get tableName(): string {
    return this.table ?? appTableName();
  }
}

function toCreative(item: StoredItem): CreativeRecord {
  const { pk: _pk, sk: _sk, ...creative } = item;
  return creative as CreativeRecord;
}

let sharedCreativeStore: CreativeStore | undefined;

/** The one DynamoCreativeStore of the container, for the composition roots (shared/<area>/*-root.ts). */
export function creativeStore(): CreativeStore {
  sharedCreativeStore ??= new DynamoCreativeStore();
  return sharedCreativeStore;
}
