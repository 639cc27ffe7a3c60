import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { assetDetailsShape } from '../../domain/asset-details-schema';
import type { Asset } from '../../domain/asset-record';
import { ASSET_TYPES, type AssetType } from '../../domain/asset-type';
import { allShards, SHARD_COUNTS, shardOf } from '../../domain/partition-shard';
import type { AssetPage, AssetStore } from '../asset-store';
import { dynamoDocumentClient } from '../aws-clients';
import { appKeys, appTableName } from './app-table';
import { batchGet, itemAt, type StoredItem } from './batch-get';
import { type BatchPutOptions, batchDelete, batchPut } from './batch-put';
import { decodeCursor, encodeCursor } from './cursor';
import { queryAllShards, queryShards, queryWholePartition } from './sharded-page';

/** `ASSET#<type>#<meta id>`: a type's assets list in one Query per shard, by Meta id. */
export function assetSortKey(type: AssetType, id: string): string {
  return `ASSET#${type}#${id}`;
}

const ASSET_PREFIX = 'ASSET#';

/** The partition key an asset lives under: its shard of the workspace. */
export function assetPartitionKey(workspaceId: string, id: string): string {
  return appKeys.assetShard(workspaceId, shardOf(id, SHARD_COUNTS.assets));
}

/** Every key a workspace's assets may be under: the shards, then the key of before the shards. */
function assetPartitionKeys(workspaceId: string): string[] {
  return [
    ...allShards(SHARD_COUNTS.assets).map((shard) => appKeys.assetShard(workspaceId, shard)),
    appKeys.workspace(workspaceId),
  ];
}

const assetItem = z.object({
  workspaceId: z.string(),
  type: z.enum(ASSET_TYPES),
  id: z.string(),
  name: z.string(),
  ownership: z.enum(['owned', 'client', 'assigned']),
  businessId: z.string().optional(),
  tokenIds: z
    .union([z.set(z.string()), z.array(z.string())])
    .optional()
    .transform((ids) => [...(ids ?? [])].sort()),
  status: z.enum(['active', 'removed']),
  lastSeenRunId: z.string(),
  changedRunId: z.string(),
  change: z.enum(['added', 'updated', 'removed']),
  firstSeenAt: z.string(),
  updatedAt: z.string(),
  removedAt: z.string().optional(),
  ...assetDetailsShape,
});

export interface DynamoAssetStoreOptions extends BatchPutOptions {
  /** @default the container's shared document client */
  client?: DynamoDBDocumentClient;
}

/**
 * Assets in the single table at `WS#<ws>#ASSETS#<shard>` / `ASSET#<type>#<id>`, token access
 * stored as a string set. Lists read every shard and merge them by sort key, so pages and
 * cursors are those of one partition; assets an older release kept under `WS#<ws>` are read
 * too until `moveToShards` has moved them. Writes are whole-item puts in concurrent
 * BatchWrites: only the run's one finisher writes assets, so there is no concurrent merge to guard.
 */
export class DynamoAssetStore implements AssetStore {
  constructor(private readonly options: DynamoAssetStoreOptions = {}) {}

  async list(
    workspaceId: string,
    type: AssetType,
    options: { limit: number; cursor?: string; includeRemoved: boolean },
  ): Promise<AssetPage> {
    const prefix = assetSortKey(type, '');
    const after = options.cursor ? decodeCursor(options.cursor, workspaceId, prefix) : undefined;
    const page = await queryShards({
      client: this.client,
      tableName: appTableName(),
      pks: assetPartitionKeys(workspaceId),
      skPrefix: prefix,
      limit: options.limit,
      ...(after ? { afterSk: String(after.sk) } : {}),
      ...(options.includeRemoved
        ? {}
        : {
            filter: {
              expression: '#status = :active',
              names: { '#status': 'status' },
              values: { ':active': 'active' },
            },
          }),
    });
    const items = await this.shardCopiesFirst(workspaceId, page.items, options.includeRemoved);
    return {
      items: items.map(toAsset),
      // The cursor names the workspace's key and the last sort key: every shard resumes after it.
      ...(page.lastSk
        ? { nextCursor: encodeCursor({ pk: appKeys.workspace(workspaceId), sk: page.lastSk }) }
        : {}),
    };
  }

  /**
   * An asset listed from the key of before the shards may have a newer copy in its shard that the
   * status filter left out (the sync marked it removed before the old copy was moved): the shard's
   * copy stands, so a removed asset never lists as active. Only while old-key items remain.
   */
  private async shardCopiesFirst(
    workspaceId: string,
    items: StoredItem[],
    includeRemoved: boolean,
  ): Promise<StoredItem[]> {
    const oldKey = appKeys.workspace(workspaceId);
    const fromOldKey = items.filter((item) => item.pk === oldKey);
    if (fromOldKey.length === 0) return items;
    const shardKeys = fromOldKey.map((item) => ({
      pk: assetPartitionKey(workspaceId, String(item.id)),
      sk: String(item.sk),
    }));
    const shardCopies = new Map(
      (await batchGet(this.client, appTableName(), shardKeys)).map((item) => [String(item.sk), item]),
    );
    return items.flatMap((item) => {
      const copy = item.pk === oldKey ? shardCopies.get(String(item.sk)) : undefined;
      if (!copy) return [item];
      return includeRemoved || copy.status === 'active' ? [copy] : [];
    });
  }

  async loadAll(workspaceId: string, types: readonly AssetType[]): Promise<Asset[]> {
    // A run loads every type: one Query per key for all of them beats one per key and type.
    const items = await queryAllShards({
      client: this.client,
      tableName: appTableName(),
      pks: assetPartitionKeys(workspaceId),
      skPrefix: types.length === 1 && types[0] ? assetSortKey(types[0], '') : ASSET_PREFIX,
    });
    const wanted = new Set<unknown>(types);
    return items.filter((item) => wanted.has(item.type)).map(toAsset);
  }

  async get(workspaceId: string, type: AssetType, id: string): Promise<Asset | undefined> {
    const sk = assetSortKey(type, id);
    const sharded = { pk: assetPartitionKey(workspaceId, id), sk };
    const before = { pk: appKeys.workspace(workspaceId), sk };
    const found = await batchGet(this.client, appTableName(), [sharded, before], this.options.sleep);
    const item = itemAt(found, sharded) ?? itemAt(found, before);
    return item ? toAsset(item) : undefined;
  }

  async putMany(assets: readonly Asset[]): Promise<void> {
    if (assets.length === 0) return;
    await batchPut(this.client, appTableName(), assets.map(toItem), this.options);
  }

  async moveToShards(workspaceId: string): Promise<number> {
    const before = appKeys.workspace(workspaceId);
    const old = await queryWholePartition(this.client, appTableName(), before, ASSET_PREFIX);
    if (old.length === 0) return 0;
    // A shard's copy is newer than the old key's (it was written since): it is kept.
    const sharded = await queryAllShards({
      client: this.client,
      tableName: appTableName(),
      pks: assetPartitionKeys(workspaceId).filter((pk) => pk !== before),
      skPrefix: ASSET_PREFIX,
    });
    const moved = new Set(sharded.map((item) => String(item.sk)));
    const toMove = old.filter((item) => !moved.has(String(item.sk)));
    // Copies first, deletes after: a reader finds every asset under one key or the other throughout.
    await batchPut(this.client, appTableName(), toMove.map(movedItem), this.options);
    await batchDelete(
      this.client,
      appTableName(),
      old.map((item) => ({ pk: before, sk: String(item.sk) })),
      this.options,
    );
    return toMove.length;
  }

  private get client(): DynamoDBDocumentClient {
    return this.options.client ?? dynamoDocumentClient();
  }
}

function toItem(asset: Asset): Record<string, unknown> {
  const { tokenIds, ...rest } = asset;
  return {
    pk: assetPartitionKey(asset.workspaceId, asset.id),
    sk: assetSortKey(asset.type, asset.id),
    ...rest,
    // DynamoDB refuses an empty set: no tokens = no attribute.
    ...(tokenIds.length > 0 ? { tokenIds: new Set(tokenIds) } : {}),
  };
}

/** The old key's item as its shard stores it (the same attributes under the shard's key). */
function movedItem(item: StoredItem): StoredItem {
  const id = String(item.id);
  return { ...item, pk: assetPartitionKey(String(item.workspaceId), id) };
}

function toAsset(raw: Record<string, unknown>): Asset {
  const { pk: _pk, sk: _sk, ...rest } = raw;
  const parsed = assetItem.parse(rest);
  const asset: Asset = { ...parsed };
  for (const key of Object.keys(asset) as (keyof Asset)[]) if (asset[key] === undefined) delete asset[key];
  return asset;
}

let sharedAssetStore: AssetStore | undefined;

/** The one DynamoAssetStore of the container, for the composition roots (shared/<area>/*-root.ts, roots/). */
export function assetStore(): AssetStore {
  sharedAssetStore ??= new DynamoAssetStore();
  return sharedAssetStore;
}
