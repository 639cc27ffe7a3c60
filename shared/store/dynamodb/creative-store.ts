import type { CreativeRecord } from '../../domain/creative-record';
import type { CreativePage, CreativeStore } from '../creative-store';
import type { KeyedWrite } from '../keyed-write';
import { appKeys } from './app-table';
import type { StoredItem } from './batch-get';
import { decodeCursor, encodeCursor } from './cursor';
import { queryPage } from './filtered-page';
import { KeyedAppTableStore, type KeyedAppTableStoreOptions } from './keyed-app-table-store';

export type DynamoCreativeStoreOptions = KeyedAppTableStoreOptions;

/** Creatives in the app table at `WS#<ws>` / `CREATIVE#<createdAt>#<id>`. */
export class DynamoCreativeStore extends KeyedAppTableStore implements CreativeStore {
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
    await this.putWithAnswer({ Put: put }, idempotency);
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
