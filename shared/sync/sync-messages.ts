import * as z from 'zod';
import { ASSET_TYPES } from '../domain/asset-type';
import type { SyncTask } from '../domain/sync-plan';

const edgeRead = z.object({
  edge: z.enum([
    'owned_ad_accounts',
    'client_ad_accounts',
    'owned_pages',
    'client_pages',
    'owned_pixels',
    'client_pixels',
    'owned_product_catalogs',
    'client_product_catalogs',
    'adaccounts',
    'accounts',
    'assigned_ad_accounts',
    'assigned_pages',
    'assigned_product_catalogs',
  ]),
  assetType: z.enum(ASSET_TYPES),
  source: z.enum(['owned', 'client', 'assigned']),
  record: z.boolean(),
  pixels: z.boolean(),
});

export const syncTaskSchema: z.ZodType<SyncTask> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('business'),
    taskId: z.string().min(1),
    businessId: z.string().min(1),
    tokenIds: z.array(z.string().min(1)).min(1),
    edges: z.array(edgeRead),
  }),
  z.object({
    kind: z.literal('token'),
    taskId: z.string().min(1),
    tokenId: z.string().min(1),
    edges: z.array(edgeRead),
  }),
]);

/** Where each edge of a task stands: `cursor` = resume after it; `done` = read to the end. */
export const edgeProgressSchema = z.object({ cursor: z.string().optional(), done: z.boolean() });
export type EdgeProgress = z.output<typeof edgeProgressSchema>;

/** What a deferred task carries to resume exactly where it stopped. */
export const taskResumeSchema = z.object({
  /** Observation segment the next delivery writes (each delivery writes its own). */
  segment: z.number().int().min(0),
  /** Attempts used against Meta failures (throttle waits do not count). */
  attempt: z.number().int().min(0),
  edges: z.record(z.string(), edgeProgressSchema),
  /** Tokens found invalid (190) by earlier deliveries: not tried again, they reach nothing. */
  invalidTokenIds: z.array(z.string()),
  /** Sightings made by the deliveries before. */
  observed: z.number().int().min(0).default(0),
});
export type TaskResume = z.output<typeof taskResumeSchema>;

const runRef = {
  workspaceId: z.string().min(1),
  syncRunId: z.string().min(1),
  /** The connection generation the run belongs to: older work does nothing. */
  generation: z.number().int().min(0),
};

export const planMessageSchema = z.object({
  kind: z.literal('plan'),
  ...runRef,
  attempt: z.number().int().min(0).default(0),
});

export const taskMessageSchema = z.object({
  kind: z.literal('task'),
  ...runRef,
  task: syncTaskSchema,
  resume: taskResumeSchema.optional(),
  /** Times the task was requeued because DynamoDB throttled its writes (its own budget). */
  throttledAttempt: z.number().int().min(0).optional(),
});

/** Every message of the `syncTasks` queue. */
export const syncMessageSchema = z.discriminatedUnion('kind', [planMessageSchema, taskMessageSchema]);

export type PlanMessage = z.output<typeof planMessageSchema>;
export type TaskMessage = z.output<typeof taskMessageSchema>;
export type SyncMessage = z.output<typeof syncMessageSchema>;
