import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import type { AssetObservation } from '../../domain/asset-record';
import type { AssetType } from '../../domain/asset-type';
import type { SyncTask } from '../../domain/sync-plan';
import type { ActiveSyncRun, SyncError, SyncRun, SyncTaskResult } from '../../domain/sync-run';
import { dynamoDocumentClient } from '../aws-clients';
import type { ActiveRuns, SyncRunStore } from '../sync-run-store';
import { appKeys, appTableName } from './app-table';
import { batchGet, itemAt } from './batch-get';
import { batchPut } from './batch-put';
import { compressJson, decompressJson } from './compressed-json';
import { applied, isConditionFailure } from './conditional-write';
import { queryWholePartition } from './sharded-page';
import {
  activeItem,
  blobItem,
  nowSeconds,
  observationItems,
  runItem,
  syncKeys,
  toRun,
  toRunItem,
  toTaskResult,
  WORK_TTL_SECONDS,
} from './sync-run-items';

/** A transaction takes 100 items and 4 MB: the result, the counter and up to 40 × ~60 KB. */
const MAX_OBSERVATION_ITEMS_IN_TRANSACTION = 40;
/** A plan this big (gzipped) is tens of thousands of tasks; DynamoDB items stop at 400 KB. */
const MAX_PLAN_BYTES = 300_000;
const MAX_LIST_ATTEMPTS = 8;

/**
 * Sync runs in the single table, all under `WS#<ws>`: the run (`SYNCRUN#<id>`, with its
 * counters), its plan, its tasks' observations and results, the workspace's active-run list
 * and the per-type marker of the newest run that applied its findings.
 */
export class DynamoSyncRunStore implements SyncRunStore {
  private readonly client = dynamoDocumentClient();

  async get(workspaceId: string, syncRunId: string): Promise<SyncRun | undefined> {
    const item = await this.runItem(workspaceId, syncRunId);
    return item && toRun(item);
  }

  async activeRuns(workspaceId: string): Promise<ActiveRuns> {
    const out = await this.client.send(
      new GetCommand({
        TableName: appTableName(),
        Key: { pk: appKeys.workspace(workspaceId), sk: syncKeys.active },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return { runs: [], version: 0 };
    return activeItem.parse(out.Item);
  }

  async startRun(run: SyncRun, active: ActiveSyncRun[], expectedVersion: number): Promise<boolean> {
    const table = appTableName();
    const pk = appKeys.workspace(run.workspaceId);
    return applied(
      this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: toRunItem(run),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: table,
                Item: { pk, sk: syncKeys.active, runs: active, version: expectedVersion + 1 },
                ConditionExpression:
                  expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
                ...(expectedVersion === 0
                  ? {}
                  : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
              },
            },
          ],
        }),
      ),
    );
  }

  async removeActiveRun(workspaceId: string, syncRunId: string): Promise<void> {
    for (let attempt = 0; attempt < MAX_LIST_ATTEMPTS; attempt++) {
      const { runs, version } = await this.activeRuns(workspaceId);
      if (!runs.some((run) => run.syncRunId === syncRunId)) return;
      try {
        await this.client.send(
          new PutCommand({
            TableName: appTableName(),
            Item: {
              pk: appKeys.workspace(workspaceId),
              sk: syncKeys.active,
              runs: runs.filter((run) => run.syncRunId !== syncRunId),
              version: version + 1,
            },
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': version },
          }),
        );
        return;
      } catch (err: unknown) {
        if (!isConditionFailure(err)) throw err;
      }
    }
    throw new Error(`the active sync runs of ${workspaceId} kept changing`);
  }

  async savePlan(
    workspaceId: string,
    syncRunId: string,
    tasks: SyncTask[],
    planErrors: SyncError[],
  ): Promise<SyncTask[]> {
    const plan = compressJson(tasks);
    if (plan.byteLength > MAX_PLAN_BYTES)
      throw new Error(`the plan of ${syncRunId} has too many tasks to store`);
    try {
      // One conditional write: the plan travels on the run item, so no reader sees one without the other.
      await this.client.send(
        new UpdateCommand({
          TableName: appTableName(),
          Key: { pk: appKeys.workspace(workspaceId), sk: syncKeys.run(syncRunId) },
          UpdateExpression:
            'SET tasksTotal = :total, planErrors = :errors, #plan = :plan, #phase = :fetching, updatedAt = :now',
          ConditionExpression: '#phase = :planning',
          ExpressionAttributeNames: { '#phase': 'phase', '#plan': 'plan' },
          ExpressionAttributeValues: {
            ':total': tasks.length,
            ':errors': planErrors,
            ':plan': plan,
            ':fetching': 'fetching',
            ':planning': 'planning',
            ':now': new Date().toISOString(),
          },
        }),
      );
      return tasks;
    } catch (err: unknown) {
      if (!isConditionFailure(err)) throw err;
      const stored = await this.plan(workspaceId, syncRunId);
      if (!stored) throw new Error(`sync run ${syncRunId} left planning without a plan`);
      return stored;
    }
  }

  async plan(workspaceId: string, syncRunId: string): Promise<SyncTask[] | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: appTableName(),
        Key: { pk: appKeys.workspace(workspaceId), sk: syncKeys.run(syncRunId) },
        ProjectionExpression: '#plan',
        ExpressionAttributeNames: { '#plan': 'plan' },
        ConsistentRead: true,
      }),
    );
    const plan = out.Item?.plan;
    return plan instanceof Uint8Array ? (decompressJson(plan) as SyncTask[]) : undefined;
  }

  async putObservations(
    workspaceId: string,
    syncRunId: string,
    taskId: string,
    segment: number,
    observations: readonly AssetObservation[],
  ): Promise<void> {
    const items = observationItems(workspaceId, syncRunId, taskId, segment, observations);
    if (items.length > 0) await batchPut(this.client, appTableName(), items);
  }

  async loadObservations(workspaceId: string, syncRunId: string): Promise<AssetObservation[]> {
    const items = await this.queryPrefix(workspaceId, syncKeys.observationPrefix(syncRunId));
    return items.flatMap((item) => decompressJson(blobItem.parse(item).data) as AssetObservation[]);
  }

  async recordTaskResult(
    workspaceId: string,
    syncRunId: string,
    result: SyncTaskResult,
    last?: { segment: number; observations: readonly AssetObservation[] },
  ): Promise<boolean> {
    const table = appTableName();
    const pk = appKeys.workspace(workspaceId);
    const sightings = last
      ? observationItems(workspaceId, syncRunId, result.taskId, last.segment, last.observations)
      : [];
    // What does not fit in the transaction goes first; a redelivery rewrites the same items.
    const inline = sightings.slice(0, MAX_OBSERVATION_ITEMS_IN_TRANSACTION);
    if (sightings.length > inline.length) {
      await batchPut(this.client, table, sightings.slice(inline.length));
    }
    return applied(
      this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            ...inline.map((Item) => ({ Put: { TableName: table, Item } })),
            {
              Put: {
                TableName: table,
                Item: {
                  pk,
                  sk: syncKeys.task(syncRunId, result.taskId),
                  ...result,
                  ttl: nowSeconds() + WORK_TTL_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: table,
                Key: { pk, sk: syncKeys.run(syncRunId) },
                UpdateExpression: `ADD ${result.status === 'succeeded' ? 'tasksSucceeded' : 'tasksFailed'} :one, tasksReported :one SET updatedAt = :now`,
                ConditionExpression: '#status = :running',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':one': 1,
                  ':now': new Date().toISOString(),
                  ':running': 'running',
                },
              },
            },
          ],
        }),
      ),
    );
  }

  async taskState(
    workspaceId: string,
    syncRunId: string,
    taskId: string,
  ): Promise<{ run?: SyncRun; result?: SyncTaskResult }> {
    const pk = appKeys.workspace(workspaceId);
    const runKey = { pk, sk: syncKeys.run(syncRunId) };
    const taskKey = { pk, sk: syncKeys.task(syncRunId, taskId) };
    const items = await batchGet(this.client, appTableName(), [runKey, taskKey]);
    const run = itemAt(items, runKey);
    const result = itemAt(items, taskKey);
    return {
      ...(run ? { run: toRun(runItem.parse(run)) } : {}),
      ...(result ? { result: toTaskResult(result) } : {}),
    };
  }

  async taskResults(workspaceId: string, syncRunId: string): Promise<SyncTaskResult[]> {
    const items = await this.queryPrefix(workspaceId, syncKeys.taskPrefix(syncRunId));
    return items.map(toTaskResult);
  }

  async claimConclusion(
    workspaceId: string,
    syncRunId: string,
    claimant: string,
  ): Promise<SyncRun | undefined> {
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: appTableName(),
          Key: { pk: appKeys.workspace(workspaceId), sk: syncKeys.run(syncRunId) },
          UpdateExpression: 'SET finisher = :me, #phase = :concluding, updatedAt = :now',
          ConditionExpression:
            '#status = :running AND #phase IN (:fetching, :concluding) AND tasksReported >= tasksTotal AND (attribute_not_exists(finisher) OR finisher = :me)',
          ExpressionAttributeNames: { '#status': 'status', '#phase': 'phase' },
          ExpressionAttributeValues: {
            ':me': claimant,
            ':concluding': 'concluding',
            ':fetching': 'fetching',
            ':running': 'running',
            ':now': new Date().toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? toRun(runItem.parse(out.Attributes)) : undefined;
    } catch (err: unknown) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  async finisherOf(workspaceId: string, syncRunId: string): Promise<string | undefined> {
    return (await this.runItem(workspaceId, syncRunId))?.finisher;
  }

  async conclude(run: SyncRun): Promise<boolean> {
    return applied(
      this.client.send(
        new UpdateCommand({
          TableName: appTableName(),
          Key: { pk: appKeys.workspace(run.workspaceId), sk: syncKeys.run(run.syncRunId) },
          UpdateExpression:
            'SET #status = :status, #phase = :done, counts = :counts, errors = :errors, finishedAt = :finishedAt, updatedAt = :finishedAt' +
            (run.cleanup ? ', cleanup = :cleanup' : ''),
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status', '#phase': 'phase' },
          ExpressionAttributeValues: {
            ':status': run.status,
            ':done': 'done',
            ':counts': run.counts,
            ':errors': run.errors,
            ':finishedAt': run.finishedAt ?? new Date().toISOString(),
            ':running': 'running',
            ...(run.cleanup ? { ':cleanup': run.cleanup } : {}),
          },
        }),
      ),
    );
  }

  async abandon(workspaceId: string, syncRunId: string, error: SyncError, at: string): Promise<boolean> {
    return applied(
      this.client.send(
        new UpdateCommand({
          TableName: appTableName(),
          Key: { pk: appKeys.workspace(workspaceId), sk: syncKeys.run(syncRunId) },
          UpdateExpression:
            'SET #status = :failed, #phase = :done, cleanup = :skipped, errors = list_append(errors, :errors), finishedAt = :at, updatedAt = :at',
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status', '#phase': 'phase' },
          ExpressionAttributeValues: {
            ':failed': 'failed',
            ':done': 'done',
            ':skipped': 'skipped',
            ':errors': [error],
            ':at': at,
            ':running': 'running',
          },
        }),
      ),
    );
  }

  async claimApply(
    workspaceId: string,
    types: readonly AssetType[],
    startedAt: string,
  ): Promise<AssetType[]> {
    // The common case in one write: no later run applied any of the types.
    if (types.length > 0 && (await this.claimTypes(workspaceId, types, startedAt))) return [...types];
    if (types.length <= 1) return [];
    const claimed = await Promise.all(
      types.map(async (type) => ((await this.claimTypes(workspaceId, [type], startedAt)) ? type : undefined)),
    );
    return claimed.filter((type): type is AssetType => type !== undefined);
  }

  /** Records `startedAt` as the newest apply of every type in `types`, if none is newer. */
  private async claimTypes(
    workspaceId: string,
    types: readonly AssetType[],
    startedAt: string,
  ): Promise<boolean> {
    const names = Object.fromEntries(types.map((type, i) => [`#t${i}`, `appliedStartedAt_${type}`]));
    const placeholders = Object.keys(names);
    return applied(
      this.client.send(
        new UpdateCommand({
          TableName: appTableName(),
          Key: { pk: appKeys.workspace(workspaceId), sk: syncKeys.applied },
          UpdateExpression: `SET ${placeholders.map((p) => `${p} = :startedAt`).join(', ')}`,
          ConditionExpression: placeholders
            .map((p) => `(attribute_not_exists(${p}) OR ${p} <= :startedAt)`)
            .join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':startedAt': startedAt },
        }),
      ),
    );
  }

  private async runItem(
    workspaceId: string,
    syncRunId: string,
  ): Promise<z.output<typeof runItem> | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: appTableName(),
        Key: { pk: appKeys.workspace(workspaceId), sk: syncKeys.run(syncRunId) },
        ConsistentRead: true,
      }),
    );
    return out.Item ? runItem.parse(out.Item) : undefined;
  }

  private queryPrefix(workspaceId: string, prefix: string): Promise<Record<string, unknown>[]> {
    return queryWholePartition(this.client, appTableName(), appKeys.workspace(workspaceId), prefix);
  }
}

let sharedSyncRunStore: SyncRunStore | undefined;

/** The one DynamoSyncRunStore of the container, for the composition roots (shared/<area>/*-root.ts, roots/). */
export function syncRunStore(): SyncRunStore {
  sharedSyncRunStore ??= new DynamoSyncRunStore();
  return sharedSyncRunStore;
}
