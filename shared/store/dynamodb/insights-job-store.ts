import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { InsightsJob, PieceOutcome } from '../../domain/insights-job';
import type { PieceError } from '../../domain/insights-piece-failure';
import { dynamoDocumentClient } from '../aws-clients';
import { INSIGHTS_JOB_TTL_SECONDS, type InsightsJobStore } from '../insights-job-store';
import { appKeys, appTableName } from './app-table';
import { batchGet, itemAt } from './batch-get';
import { applied, isConditionFailure } from './conditional-write';

export interface DynamoInsightsJobStoreOptions {
  /** @default the container's shared document client */
  client?: DynamoDBDocumentClient;
  /** @default the table named by TABLE_APP */
  tableName?: string;
}

const pieceError = z.object({ code: z.string(), message: z.string() });

const jobItem = z.object({
  workspaceId: z.string(),
  jobId: z.string(),
  adAccountId: z.string(),
  from: z.string(),
  to: z.string(),
  trigger: z.enum(['manual', 'hourly', 'daily']),
  status: z.enum(['running', 'succeeded', 'failed']),
  generation: z.number().int(),
  piecesTotal: z.number().int(),
  piecesDone: z.number().int(),
  piecesFailed: z.number().int(),
  rows: z.number().int(),
  written: z.number().int(),
  errors: z.array(pieceError),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
});

const outcomeItem = z.object({
  pieceId: z.string(),
  result: z.enum(['done', 'failed', 'split']),
  rows: z.number().int(),
  written: z.number().int(),
  error: pieceError.optional(),
});

/**
 * Insights jobs in the app table at `WS#<ws>` / `INSIGHTS_JOB#<id>`, each piece's outcome
 * beside it. The job carries `piecesOpen` (total − done − failed) so the finisher's condition
 * needs no arithmetic: exactly one conditional write ends a job, and only when it reads 0.
 */
export class DynamoInsightsJobStore implements InsightsJobStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string | undefined;

  constructor(options: DynamoInsightsJobStoreOptions = {}) {
    this.client = options.client ?? dynamoDocumentClient();
    this.table = options.tableName;
  }

  async create(job: InsightsJob): Promise<boolean> {
    const { pieces, ...rest } = job;
    return applied(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...rest,
            ...this.jobKey(job.workspaceId, job.jobId),
            piecesTotal: pieces.total,
            piecesDone: pieces.done,
            piecesFailed: pieces.failed,
            piecesOpen: pieces.total - pieces.done - pieces.failed,
            ttl: ttlFrom(job.createdAt),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(workspaceId: string, jobId: string): Promise<InsightsJob | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.jobKey(workspaceId, jobId),
        ConsistentRead: true,
      }),
    );
    return out.Item ? toJob(out.Item) : undefined;
  }

  async pieceState(
    workspaceId: string,
    jobId: string,
    pieceId: string,
  ): Promise<{ job?: InsightsJob; outcome?: PieceOutcome }> {
    const jobKey = this.jobKey(workspaceId, jobId);
    const pieceKey = this.pieceKey(workspaceId, jobId, pieceId);
    const items = await batchGet(this.client, this.tableName, [jobKey, pieceKey]);
    const job = itemAt(items, jobKey);
    const outcome = itemAt(items, pieceKey);
    return {
      ...(job ? { job: toJob(job) } : {}),
      ...(outcome ? { outcome: toOutcome(outcome) } : {}),
    };
  }

  async recordPiece(
    workspaceId: string,
    jobId: string,
    outcome: PieceOutcome,
    nowIso: string,
  ): Promise<boolean> {
    const counter =
      outcome.result === 'done'
        ? 'piecesDone :one, piecesOpen :minusOne'
        : outcome.result === 'failed'
          ? 'piecesFailed :one, piecesOpen :minusOne'
          : // One piece becomes two: the total and the open pieces grow by one each.
            'piecesTotal :one, piecesOpen :one';
    return applied(
      this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...this.pieceKey(workspaceId, jobId, outcome.pieceId),
                  ...outcome,
                  at: nowIso,
                  ttl: Math.floor(Date.parse(nowIso) / 1000) + INSIGHTS_JOB_TTL_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: this.jobKey(workspaceId, jobId),
                UpdateExpression:
                  `ADD ${counter}, #rows :rows, written :written SET updatedAt = :now` +
                  (outcome.error ? ', errors = list_append(errors, :errors)' : ''),
                ConditionExpression: '#status = :running',
                ExpressionAttributeNames: { '#status': 'status', '#rows': 'rows' },
                ExpressionAttributeValues: {
                  ':one': 1,
                  ...(outcome.result === 'split' ? {} : { ':minusOne': -1 }),
                  ':rows': outcome.rows,
                  ':written': outcome.written,
                  ':now': nowIso,
                  ':running': 'running',
                  ...(outcome.error ? { ':errors': [outcome.error] } : {}),
                },
              },
            },
          ],
        }),
      ),
    );
  }

  async finishIfSettled(
    workspaceId: string,
    jobId: string,
    nowIso: string,
  ): Promise<InsightsJob | undefined> {
    // Two exclusive conditions (no failed piece / some failed piece): at most one write applies.
    return (
      (await this.endWhen(workspaceId, jobId, 'succeeded', 'piecesFailed = :zero', nowIso)) ??
      (await this.endWhen(workspaceId, jobId, 'failed', 'piecesFailed > :zero', nowIso))
    );
  }

  async abandon(workspaceId: string, jobId: string, error: PieceError, nowIso: string): Promise<boolean> {
    return applied(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.jobKey(workspaceId, jobId),
          UpdateExpression:
            'SET #status = :failed, errors = list_append(errors, :errors), finishedAt = :now, updatedAt = :now',
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':failed': 'failed',
            ':errors': [error],
            ':now': nowIso,
            ':running': 'running',
          },
        }),
      ),
    );
  }

  private async endWhen(
    workspaceId: string,
    jobId: string,
    status: 'succeeded' | 'failed',
    failedCondition: string,
    nowIso: string,
  ): Promise<InsightsJob | undefined> {
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.jobKey(workspaceId, jobId),
          UpdateExpression: 'SET #status = :status, finishedAt = :now, updatedAt = :now',
          ConditionExpression: `#status = :running AND piecesOpen <= :zero AND ${failedCondition}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':now': nowIso, ':running': 'running', ':zero': 0 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? toJob(out.Attributes) : undefined;
    } catch (err: unknown) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  private jobKey(workspaceId: string, jobId: string) {
    return { pk: appKeys.workspace(workspaceId), sk: appKeys.insightsJob(jobId) };
  }

  private pieceKey(workspaceId: string, jobId: string, pieceId: string) {
    return { pk: appKeys.workspace(workspaceId), sk: appKeys.insightsPiece(jobId, pieceId) };
  }

  /** Read per call: the table name comes from the environment, which tests may switch. */
  private get tableName(): string {
    return this.table ?? appTableName();
  }
}

function ttlFrom(createdAt: string): number {
  return Math.floor(Date.parse(createdAt) / 1000) + INSIGHTS_JOB_TTL_SECONDS;
}

function toJob(item: Record<string, unknown>): InsightsJob {
  const { piecesTotal, piecesDone, piecesFailed, finishedAt, ...rest } = jobItem.parse(item);
  return {
    ...rest,
    pieces: { total: piecesTotal, done: piecesDone, failed: piecesFailed },
    ...(finishedAt ? { finishedAt } : {}),
  };
}

function toOutcome(item: Record<string, unknown>): PieceOutcome {
  const { error, ...rest } = outcomeItem.parse(item);
  return { ...rest, ...(error ? { error } : {}) };
}

let shared: InsightsJobStore | undefined;

/** The one DynamoInsightsJobStore of the container, for the composition roots. */
export function insightsJobStore(): InsightsJobStore {
  shared ??= new DynamoInsightsJobStore();
  return shared;
}
