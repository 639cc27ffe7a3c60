import { GetCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { assetDetailsShape } from '../../domain/asset-details-schema';
import type { Asset } from '../../domain/asset-record';
import { ASSET_TYPES, type AssetType } from '../../domain/asset-type';
import { ValidationError } from '../../platform/errors';
import type { AssetPage, AssetStore } from '../asset-store';
import { dynamoDocumentClient } from '../aws-clients';
import { appKeys, appTableName } from './app-table';
import { type BatchPutOptions, batchPut } from './batch-put';
import { decodeCursor, encodeCursor } from './cursor';

/** `ASSET#<type>#<meta id>`: a type's assets list in one Query, by Meta id. */
export function assetSortKey(type: AssetType, id: string): string {
  return `ASSET#${type}#${id}`;
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

/**
 * Assets in the single table at `WS#<ws>` / `ASSET#<type>#<id>`, token access stored as a
 * string set. Writes are whole-item puts in concurrent BatchWrites: only the run's one
 * finisher writes assets, so there is no concurrent merge to guard.
 */
export class DynamoAssetStore implements AssetStore {
  constructor(private readonly options: BatchPutOptions = {}) {}

  async list(
    workspaceId: string,
    type: AssetType,
    options: { limit: number; cursor?: string; includeRemoved: boolean },
  ): Promise<AssetPage> {
    const pk = appKeys.workspace(workspaceId);
    const prefix = assetSortKey(type, '');
    let start = options.cursor ? decodeCursor(options.cursor, workspaceId) : undefined;
    if (start && (typeof start.sk !== 'string' || !start.sk.startsWith(prefix))) {
      throw new ValidationError('The cursor is invalid.', {
        details: [{ in: 'query', path: 'cursor', message: 'cursor of another list' }],
      });
    }
    const items: Asset[] = [];
    let more = true;
    // Removed assets are filtered after the read, so a page may need more than one Query.
    while (items.length < options.limit && more) {
      const out: QueryCommandOutput = await dynamoDocumentClient().send(
        new QueryCommand({
          TableName: appTableName(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': pk,
            ':prefix': prefix,
            ...(options.includeRemoved ? {} : { ':active': 'active' }),
          },
          ...(options.includeRemoved
            ? {}
            : { FilterExpression: '#status = :active', ExpressionAttributeNames: { '#status': 'status' } }),
          Limit: options.limit - items.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const raw of out.Items ?? []) items.push(toAsset(raw));
      start = out.LastEvaluatedKey;
      more = start !== undefined;
    }
    const last = items[items.length - 1];
    return {
      items,
      ...(more && last ? { nextCursor: encodeCursor({ pk, sk: assetSortKey(last.type, last.id) }) } : {}),
    };
  }

  async loadAll(workspaceId: string, types: readonly AssetType[]): Promise<Asset[]> {
    const perType = await Promise.all(types.map((type) => this.loadType(workspaceId, type)));
    return perType.flat();
  }

  async get(workspaceId: string, type: AssetType, id: string): Promise<Asset | undefined> {
    const { Item } = await dynamoDocumentClient().send(
      new GetCommand({
        TableName: appTableName(),
        Key: { pk: appKeys.workspace(workspaceId), sk: assetSortKey(type, id) },
      }),
    );
    return Item ? toAsset(Item) : undefined;
  }

  async putMany(assets: readonly Asset[]): Promise<void> {
    if (assets.length === 0) return;
    await batchPut(dynamoDocumentClient(), appTableName(), assets.map(toItem), this.options);
  }

  private async loadType(workspaceId: string, type: AssetType): Promise<Asset[]> {
    const assets: Asset[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out: QueryCommandOutput = await dynamoDocumentClient().send(
        new QueryCommand({
          TableName: appTableName(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': appKeys.workspace(workspaceId),
            ':prefix': assetSortKey(type, ''),
          },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const raw of out.Items ?? []) assets.push(toAsset(raw));
      start = out.LastEvaluatedKey;
    } while (start);
    return assets;
  }
}

function toItem(asset: Asset): Record<string, unknown> {
  const { tokenIds, ...rest } = asset;
  return {
    pk: appKeys.workspace(asset.workspaceId),
    sk: assetSortKey(asset.type, asset.id),
    ...rest,
    // DynamoDB refuses an empty set: no tokens = no attribute.
    ...(tokenIds.length > 0 ? { tokenIds: new Set(tokenIds) } : {}),
  };
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
