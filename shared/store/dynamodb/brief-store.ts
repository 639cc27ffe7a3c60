import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BriefRecord } from '../../domain/creative-brief';
import type { BriefPage, BriefStore } from '../brief-store';
import type { KeyedWrite } from '../keyed-write';
import { appKeys } from './app-table';
import type { StoredItem } from './batch-get';
import { applied } from './conditional-write';
import { decodeCursor, encodeCursor } from './cursor';
import { queryPage } from './filtered-page';
import { KeyedAppTableStore, type KeyedAppTableStoreOptions } from './keyed-app-table-store';
import type { TransactPut } from './transact-item';

export type DynamoBriefStoreOptions = KeyedAppTableStoreOptions;

/** Creative briefs in the app table at `WS#<ws>` / `BRIEF#<id>`. */
export class DynamoBriefStore extends KeyedAppTableStore implements BriefStore {
  async create(brief: BriefRecord, idempotency?: KeyedWrite): Promise<void> {
    await this.putWithAnswer(this.putItem(brief, 'attribute_not_exists(pk)'), idempotency);
  }

  async get(workspaceId: string, id: string): Promise<BriefRecord | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(workspaceId, id), ConsistentRead: true }),
    );
    return out.Item ? toBrief(out.Item) : undefined;
  }

  async replace(brief: BriefRecord): Promise<boolean> {
    return applied(this.client.send(new PutCommand(this.putItem(brief, 'attribute_exists(pk)').Put)));
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    return applied(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keyOf(workspaceId, id),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    );
  }

  async list(workspaceId: string, options: { limit: number; cursor?: string }): Promise<BriefPage> {
    const page = await queryPage({
      client: this.client,
      tableName: this.tableName,
      pk: appKeys.workspace(workspaceId),
      skPrefix: appKeys.briefPrefix,
      limit: options.limit,
      forward: false,
      ...(options.cursor ? { startKey: decodeCursor(options.cursor, workspaceId, appKeys.briefPrefix) } : {}),
    });
    return {
      items: page.items.map(toBrief),
      ...(page.lastKey ? { nextCursor: encodeCursor(page.lastKey) } : {}),
    };
  }

  private putItem(brief: BriefRecord, condition: string): TransactPut {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...brief, ...keyOf(brief.workspaceId, brief.id) },
        ConditionExpression: condition,
      },
    };
  }
}

function keyOf(workspaceId: string, id: string): { pk: string; sk: string } {
  return { pk: appKeys.workspace(workspaceId), sk: appKeys.brief(id) };
}

function toBrief(item: StoredItem): BriefRecord {
  const { pk: _pk, sk: _sk, ...brief } = item;
  return brief as BriefRecord;
}

let sharedBriefStore: BriefStore | undefined;

/** The one DynamoBriefStore of the container, for the composition roots (shared/<area>/*-root.ts). */
export function briefStore(): BriefStore {
  sharedBriefStore ??= new DynamoBriefStore();
  return sharedBriefStore;
}
