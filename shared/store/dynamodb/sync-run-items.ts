import * as z from 'zod';
import type { AssetObservation } from '../../domain/asset-record';
import { ASSET_TYPES } from '../../domain/asset-type';
import type { SyncRun, SyncTaskResult } from '../../domain/sync-run';
import { chunksOf } from '../../platform/chunks-of';
import { appKeys } from './app-table';
import { compressJson } from './compressed-json';

const DAY_SECONDS = 86_400;
/** Runs stay readable this long. */
const RUN_TTL_SECONDS = 90 * DAY_SECONDS;
/** Plans, observations and task results only matter while the run goes (and for a look after). */
export const WORK_TTL_SECONDS = 7 * DAY_SECONDS;
/** Sightings per observation item: ~50 KB gzipped, far under DynamoDB's 400 KB. */
const OBSERVATIONS_PER_ITEM = 2000;

/**
 * Sync items in the single table, all under `WS#<ws>`. This module holds their keys, shapes
 * (checked with zod when read) and conversions; the store holds the operations.
 */
export const syncKeys = {
  run: (syncRunId: string) => `SYNCRUN#${syncRunId}`,
  task: (syncRunId: string, taskId: string) => `SYNCTASK#${syncRunId}#${taskId}`,
  taskPrefix: (syncRunId: string) => `SYNCTASK#${syncRunId}#`,
  observations: (syncRunId: string, taskId: string, segment: number, chunk: number) =>
    `SYNCOBS#${syncRunId}#${taskId}#${pad(segment)}#${pad(chunk)}`,
  observationPrefix: (syncRunId: string) => `SYNCOBS#${syncRunId}#`,
  active: 'SYNCACTIVE',
  applied: 'SYNCAPPLIED',
} as const;

function pad(n: number): string {
  return String(n).padStart(5, '0');
}

const syncError = z.object({
  code: z.string(),
  message: z.string(),
  taskId: z.string().optional(),
  businessId: z.string().optional(),
  tokenId: z.string().optional(),
});

export const runItem = z.object({
  workspaceId: z.string(),
  syncRunId: z.string(),
  generation: z.number(),
  trigger: z.enum(['connect', 'manual', 'schedule']),
  assetTypes: z.array(z.enum(ASSET_TYPES)),
  status: z.enum(['running', 'succeeded', 'partial', 'failed']),
  phase: z.enum(['planning', 'fetching', 'concluding', 'done']),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
  tasksTotal: z.number(),
  tasksSucceeded: z.number(),
  tasksFailed: z.number(),
  /** Succeeded + failed, kept apart because a condition cannot add. */
  tasksReported: z.number().default(0),
  counts: z.object({ found: z.number(), added: z.number(), updated: z.number(), removed: z.number() }),
  cleanup: z.enum(['done', 'skipped']).optional(),
  planErrors: z.array(syncError),
  errors: z.array(syncError),
  finisher: z.string().optional(),
});

export const activeItem = z.object({
  version: z.number(),
  runs: z.array(
    z.object({
      syncRunId: z.string(),
      assetTypes: z.array(z.enum(ASSET_TYPES)),
      startedAt: z.string(),
      generation: z.number(),
    }),
  ),
});

const taskResultItem = z.object({
  taskId: z.string(),
  status: z.enum(['succeeded', 'failed']),
  observed: z.number(),
  error: syncError.optional(),
  invalidTokenIds: z.array(z.string()),
});

export const blobItem = z.object({ data: z.instanceof(Uint8Array) });

export function toRunItem(run: SyncRun): Record<string, unknown> {
  const { tasks, ...rest } = run;
  return {
    pk: appKeys.workspace(run.workspaceId),
    sk: syncKeys.run(run.syncRunId),
    ...rest,
    tasksTotal: tasks.total,
    tasksSucceeded: tasks.succeeded,
    tasksFailed: tasks.failed,
    tasksReported: tasks.succeeded + tasks.failed,
    ttl: nowSeconds() + RUN_TTL_SECONDS,
  };
}

export function toRun(item: z.output<typeof runItem>): SyncRun {
  const {
    tasksTotal,
    tasksSucceeded,
    tasksFailed,
    tasksReported: _reported,
    finisher: _finisher,
    ...rest
  } = item;
  const run: SyncRun = {
    ...rest,
    tasks: { total: tasksTotal, succeeded: tasksSucceeded, failed: tasksFailed },
  };
  if (run.finishedAt === undefined) delete run.finishedAt;
  if (run.cleanup === undefined) delete run.cleanup;
  return run;
}

export function toTaskResult(item: Record<string, unknown>): SyncTaskResult {
  const { error, ...rest } = taskResultItem.parse(item);
  return error ? { ...rest, error } : rest;
}

export function observationItems(
  workspaceId: string,
  syncRunId: string,
  taskId: string,
  segment: number,
  observations: readonly AssetObservation[],
): Record<string, unknown>[] {
  const pk = appKeys.workspace(workspaceId);
  const ttl = nowSeconds() + WORK_TTL_SECONDS;
  return chunksOf(observations, OBSERVATIONS_PER_ITEM).map((part, index) => ({
    pk,
    sk: syncKeys.observations(syncRunId, taskId, segment, index),
    count: part.length,
    data: compressJson(part),
    ttl,
  }));
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
