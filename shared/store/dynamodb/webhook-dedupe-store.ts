import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '../aws-clients';
import type { WebhookDedupeStore } from '../webhook-dedupe-store';
import { appTableName } from './app-table';
import { applied } from './conditional-write';

/**
 * Meta retries a failed delivery for up to 36 hours; marks live twice that long so a late
 * retry is still recognised.
 */
export const WEBHOOK_DEDUPE_TTL_SECONDS = 72 * 3600;

export interface DynamoWebhookDedupeStoreOptions {
  /** @default the container's shared document client */
  client?: DynamoDBDocumentClient;
  /** @default the table named by TABLE_APP */
  tableName?: string;
  /** @default WEBHOOK_DEDUPE_TTL_SECONDS */
  ttlSeconds?: number;
  /** @default Date.now */
  now?: () => number;
}

const SORT_KEY = 'PROCESSED';

/**
 * Marks in the app table: pk `WEBHOOK#<key>`, sk `PROCESSED`, `ttl` in epoch seconds. DynamoDB
 * deletes expired items only eventually (DynamoDB Local never does), so `ttl > now` is
 * checked on every read and in the put's condition.
 */
export class DynamoWebhookDedupeStore implements WebhookDedupeStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string | undefined;
  private readonly ttlSeconds: number;
  private readonly now: () => number;

  constructor(options: DynamoWebhookDedupeStoreOptions = {}) {
    this.client = options.client ?? dynamoDocumentClient();
    this.table = options.tableName;
    this.ttlSeconds = options.ttlSeconds ?? WEBHOOK_DEDUPE_TTL_SECONDS;
    this.now = options.now ?? Date.now;
  }

  async isProcessed(key: string): Promise<boolean> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: pkOf(key), sk: SORT_KEY },
        ProjectionExpression: '#ttl',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ConsistentRead: true,
      }),
    );
    const ttl = out.Item?.ttl;
    return typeof ttl === 'number' && ttl > this.nowSeconds();
  }

  async markProcessed(key: string): Promise<boolean> {
    const now = this.nowSeconds();
    return applied(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: pkOf(key),
            sk: SORT_KEY,
            processedAt: new Date(now * 1000).toISOString(),
            ttl: now + this.ttlSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': now },
        }),
      ),
    );
  }

  /** Read per call: the table name comes from the environment, which tests may switch. */
  private get tableName(): string {
    return this.table ?? appTableName();
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }
}

function pkOf(key: string): string {
  return `WEBHOOK#${key}`;
}

let sharedWebhookDedupeStore: WebhookDedupeStore | undefined;

/** The one DynamoWebhookDedupeStore of the container, for the composition roots (shared/<area>/*-root.ts, roots/). */
export function webhookDedupeStore(): WebhookDedupeStore {
  sharedWebhookDedupeStore ??= new DynamoWebhookDedupeStore();
  return sharedWebhookDedupeStore;
}
