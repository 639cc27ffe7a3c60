import * as z from 'zod';
import { assetDetailsShape } from '../domain/asset-details-schema';
import { ASSET_TYPES } from '../domain/asset-type';
import { listBody, listQuery } from './common';
import { defineRoute, type RouteContract } from './route-contract';

export const assetTypeSchema = z.enum(ASSET_TYPES);

export const startSyncRequest = z
  .object({ assetTypes: z.array(assetTypeSchema).max(ASSET_TYPES.length).optional() })
  .meta({ id: 'StartSyncRequest' });

export const startSyncBody = z
  .object({
    syncRunId: z.string(),
    /** True when a run already going for these types was joined. */
    joined: z.boolean(),
  })
  .meta({ id: 'SyncStarted' });

export const syncRunParams = z.object({ syncRunId: z.string().min(1).max(128) });

const syncErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  taskId: z.string().optional(),
  businessId: z.string().optional(),
  tokenId: z.string().optional(),
});

const countsBody = z.object({
  found: z.number(),
  added: z.number(),
  updated: z.number(),
  removed: z.number(),
});

export const syncRunBody = z
  .object({
    syncRunId: z.string(),
    status: z.enum(['running', 'succeeded', 'partial', 'failed']),
    phase: z.enum(['planning', 'fetching', 'concluding', 'done']),
    trigger: z.enum(['connect', 'manual', 'schedule']),
    assetTypes: z.array(assetTypeSchema),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    tasks: z.object({ total: z.number(), succeeded: z.number(), failed: z.number() }),
    counts: countsBody,
    cleanup: z.enum(['done', 'skipped']).optional(),
    errors: z.array(syncErrorBody),
  })
  .meta({ id: 'SyncRun' });

export const assetParams = z.object({ type: assetTypeSchema });

export const assetListQuery = listQuery.extend({
  includeRemoved: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
});

export const assetBody = z
  .object({
    id: z.string(),
    type: assetTypeSchema,
    name: z.string(),
    ownership: z.enum(['owned', 'client', 'assigned']),
    businessId: z.string().optional(),
    tokenIds: z.array(z.string()),
    status: z.enum(['active', 'removed']),
    ...assetDetailsShape,
    lastSeenRunId: z.string(),
    firstSeenAt: z.string(),
    updatedAt: z.string(),
    removedAt: z.string().optional(),
  })
  .meta({ id: 'MetaAsset' });

export const notificationBody = z
  .object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    message: z.string(),
    at: z.string(),
    data: z.record(z.string(), z.unknown()).optional(),
    found: z.number().optional(),
    added: z.number().optional(),
    updated: z.number().optional(),
    removed: z.number().optional(),
  })
  .meta({ id: 'Notification' });

export const startSyncRoute = defineRoute({
  method: 'POST',
  path: '/meta/sync',
  summary: 'Sync Meta assets (all types by default) in the background; a run already going is joined',
  auth: 'jwt',
  // No body at all means every type.
  body: startSyncRequest.optional(),
  responses: { 202: startSyncBody },
});

export const getSyncRunRoute = defineRoute({
  method: 'GET',
  path: '/meta/sync/{syncRunId}',
  summary: 'A sync run: status, tasks, counts, cleanup and errors',
  auth: 'jwt',
  params: syncRunParams,
  responses: { 200: syncRunBody },
});

export const listAssetsRoute = defineRoute({
  method: 'GET',
  path: '/meta/assets/{type}',
  summary: 'Synced assets of a type (ad-accounts, pages, pixels, catalogs) with ownership and tokens',
  auth: 'jwt',
  params: assetParams,
  query: assetListQuery,
  responses: { 200: listBody(assetBody) },
});

export const listNotificationsRoute = defineRoute({
  method: 'GET',
  path: '/notifications',
  summary: 'In-app notifications, newest first; sync results carry found/added/updated/removed',
  auth: 'jwt',
  query: listQuery,
  responses: { 200: listBody(notificationBody) },
});

/** The bodies as the handlers give them (zod input: before any transform). */
export type SyncRunView = z.input<typeof syncRunBody>;
export type AssetView = z.input<typeof assetBody>;
export type NotificationView = z.input<typeof notificationBody>;

export const syncRoutes: RouteContract[] = [
  startSyncRoute,
  getSyncRunRoute,
  listAssetsRoute,
  listNotificationsRoute,
];
