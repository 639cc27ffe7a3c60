import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { GraphCallState } from '../../domain/graph-call-admission';
import { resourceName } from '../../platform/config';
import { dynamoDocumentClient } from '../aws-clients';
import type { RateLimitDecision, RateLimitStore } from '../rate-limit-store';
import { isConditionFailure } from './conditional-write';

export interface DynamoDbRateLimitStoreOptions {
  /** @default the container's shared document client */
  client?: DynamoDBDocumentClient;
  /** @default the table named by TABLE_APP */
  tableName?: string;
  /** An idle bucket's item expires after this long. @default 86400 (one day) */
  ttlSeconds?: number;
  /** Read-decide-write rounds before giving up under contention. @default 20 */
  maxAttempts?: number;
  /** @default Math.random */
  random?: () => number;
  /** @default Date.now */
  now?: () => number;
}

/** Thrown when concurrent writers kept winning for `maxAttempts` rounds. */
export class RateLimitContentionError extends Error {
  constructor(bucketKey: string, attempts: number) {
    super(`Rate-limit bucket ${bucketKey} changed under ${attempts} consecutive updates`);
    this.name = 'RateLimitContentionError';
  }
}

const breakerSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('closed'), consecutiveFailures: z.number() }),
  z.object({ status: z.literal('open'), openedAtMs: z.number() }),
  z.object({ status: z.literal('half_open'), probeStartedAtMs: z.number() }),
]);

const versionSchema = z.object({ version: z.number().int() });
const stateSchema = z.object({
  state: z.object({
    bucket: z.object({ tokens: z.number(), refilledAtMs: z.number() }),
    breaker: breakerSchema,
    blockedUntilMs: z.number(),
    utilizationPct: z.number(),
  }),
});

/**
 * Buckets and breakers in the app table, one item per bucket: pk `META#BUCKET#<bucketKey>`,
 * sk `STATE`, with a `version` that every write checks and bumps (optimistic concurrency), so
 * concurrent Lambdas never lose each other's updates.
 */
export class DynamoDbRateLimitStore implements RateLimitStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly ttlSeconds: number;
  private readonly maxAttempts: number;
  private readonly random: () => number;
  private readonly now: () => number;
  /**
   * What this process last read or wrote per bucket. An update first decides on it and writes
   * conditioned on its version, with no read: one round trip instead of two while no other
   * Lambda wrote in between (a fresh bucket is assumed absent). A stale guess costs a failed
   * conditional write and falls back to read-decide-write; a guess that would write nothing
   * is never trusted, it is read.
   */
  private readonly known = new Map<string, { version?: number; state?: GraphCallState }>();
  /**
   * Updates of a bucket waiting in this process. Parallel calls of one Lambda (a task's edges)
   * share a bucket; racing each other they would lose conditional writes and read again. So
   * one round trip is in flight per bucket, and the updates that arrived meanwhile go together
   * in the next: each `decide` runs on the state the one before it left, one write commits all.
   */
  private readonly lanes = new Map<string, PendingUpdate[]>();

  constructor(options: DynamoDbRateLimitStoreOptions = {}) {
    this.client = options.client ?? dynamoDocumentClient();
    this.tableName = options.tableName ?? resourceName('TABLE_APP');
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
    this.maxAttempts = options.maxAttempts ?? 20;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  async get(bucketKey: string): Promise<GraphCallState | undefined> {
    return (await this.read(bucketKey))?.state;
  }

  update<T>(
    bucketKey: string,
    decide: (current: GraphCallState | undefined) => RateLimitDecision<T>,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiting = this.lanes.get(bucketKey);
      const pending: PendingUpdate = { decide, resolve: resolve as (result: unknown) => void, reject };
      if (waiting) {
        waiting.push(pending);
        return;
      }
      this.lanes.set(bucketKey, []);
      void this.drain(bucketKey, [pending]);
    });
  }

  private async drain(bucketKey: string, first: PendingUpdate[]): Promise<void> {
    for (let batch = first; batch.length > 0; batch = this.lanes.get(bucketKey)?.splice(0) ?? []) {
      try {
        const results = await this.updateOnce(bucketKey, (current) => decideInTurn(current, batch));
        for (const [index, pending] of batch.entries()) pending.resolve(results[index]);
      } catch (err: unknown) {
        for (const pending of batch) pending.reject(err);
      }
    }
    this.lanes.delete(bucketKey);
  }

  private async updateOnce<T>(
    bucketKey: string,
    decide: (current: GraphCallState | undefined) => RateLimitDecision<T>,
  ): Promise<T> {
    const guess = this.known.get(bucketKey) ?? {};
    const optimistic = decide(guess.state);
    if (optimistic.next !== undefined && (await this.tryWrite(bucketKey, optimistic.next, guess.version))) {
      return optimistic.result;
    }
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const current = await this.read(bucketKey);
      this.known.set(bucketKey, current ?? {});
      const { next, result } = decide(current?.state);
      if (next === undefined) return result;
      if (await this.tryWrite(bucketKey, next, current?.version)) return result;
      const ceilingMs = Math.min(250, 5 * 2 ** attempt);
      await new Promise((r) => setTimeout(r, Math.floor(this.random() * ceilingMs)));
    }
    throw new RateLimitContentionError(bucketKey, this.maxAttempts);
  }

  /** Writes `state` if the stored version is still `version`; false when another writer won. */
  private async tryWrite(
    bucketKey: string,
    state: GraphCallState,
    version: number | undefined,
  ): Promise<boolean> {
    try {
      await this.write(bucketKey, state, version);
      this.known.set(bucketKey, { version: (version ?? 0) + 1, state });
      return true;
    } catch (err: unknown) {
      if (!isConditionFailure(err)) throw err;
      this.known.delete(bucketKey);
      return false;
    }
  }

  private async read(bucketKey: string): Promise<{ version?: number; state?: GraphCallState } | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(bucketKey), ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    // A state of an older shape counts as absent; its version still guards the overwrite.
    const version = versionSchema.safeParse(Item);
    const state = stateSchema.safeParse(Item);
    return {
      ...(version.success ? { version: version.data.version } : {}),
      ...(state.success ? { state: state.data.state } : {}),
    };
  }

  private async write(bucketKey: string, state: GraphCallState, version: number | undefined): Promise<void> {
    const ttl = Math.floor(this.now() / 1000) + this.ttlSeconds;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keyOf(bucketKey), version: (version ?? 0) + 1, state, ttl },
        ...(version === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(#version)' }
          : {
              ConditionExpression: '#version = :version',
              ExpressionAttributeValues: { ':version': version },
            }),
        ExpressionAttributeNames: { '#version': 'version' },
      }),
    );
  }
}

interface PendingUpdate {
  decide: (current: GraphCallState | undefined) => RateLimitDecision<unknown>;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
}

/** The updates of a batch applied one after another, as if each had been written alone. */
function decideInTurn(
  current: GraphCallState | undefined,
  batch: readonly PendingUpdate[],
): RateLimitDecision<unknown[]> {
  let state = current;
  let changed = false;
  const results = batch.map(({ decide }) => {
    const { next, result } = decide(state);
    if (next !== undefined) {
      state = next;
      changed = true;
    }
    return result;
  });
  return { next: changed ? state : undefined, result: results };
}

function keyOf(bucketKey: string): { pk: string; sk: string } {
  return { pk: `META#BUCKET#${bucketKey}`, sk: 'STATE' };
}
