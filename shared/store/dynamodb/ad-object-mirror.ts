import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AdObjectLevel } from '../../domain/webhook-change';
import { orderDecision } from '../../domain/webhook-event-order';
import type { AccountStatusPatch, AdObjectStatePatch } from '../../domain/webhook-mirror-update';
import type {
  AccountStatusRecord,
  AdObjectMirror,
  AdObjectRecord,
  MirrorWriteResult,
} from '../ad-object-mirror';
import { dynamoDocumentClient } from '../aws-clients';
import { adObjectKey, adObjectPartitions, moveAdObjectsToShards, readAdObjects } from './ad-object-keys';
import { appKeys, appTableName } from './app-table';
import { isConditionFailure } from './conditional-write';
import { queryAllShards } from './sharded-page';

export interface DynamoAdObjectMirrorOptions {
  /** @default the container's shared document client */
  client?: DynamoDBDocumentClient;
  /** @default the table named by TABLE_APP */
  tableName?: string;
  /** @default () => new Date() */
  now?: () => Date;
}

const ACCOUNT_STATUS = 'ACCOUNT_STATUS';
/** Item attributes that are keys, not record fields. */
const KEY_ATTRIBUTES = new Set(['pk', 'sk']);

/**
 * The mirror in the app table: sk `OBJ#<id>` per object, spread over the account's shards
 * (`adObjectKey`: pk `ADACCOUNT#<act_id>#OBJ#<n>`), and `ADACCOUNT#<act_id>` / `ACCOUNT_STATUS`
 * for the account. Objects a release before the shards kept under `ADACCOUNT#<act_id>` are read
 * there too, and moved to their shard before any write of their account. Writes are UpdateItem (so fields written by others
 * survive) with the condition `attribute_not_exists(#order) OR #order < :order`.
 */
export class DynamoAdObjectMirror implements AdObjectMirror {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string | undefined;
  private readonly now: () => Date;

  constructor(options: DynamoAdObjectMirrorOptions = {}) {
    this.client = options.client ?? dynamoDocumentClient();
    this.table = options.tableName;
    this.now = options.now ?? (() => new Date());
  }

  async applyObjectState(patch: AdObjectStatePatch): Promise<MirrorWriteResult<AdObjectRecord>> {
    const set: Record<string, unknown> = {
      adAccountId: patch.adAccountId,
      id: patch.objectId,
      level: patch.level,
      eventTime: patch.eventTime,
      updatedAt: this.now().toISOString(),
      ...patch.set,
    };
    const remove = patch.clear.filter((field) => !(field in patch.set));
    await moveAdObjectsToShards(this.client, this.tableName, patch.adAccountId);
    return this.conditionalUpdate<AdObjectRecord>(
      adObjectKey(patch.adAccountId, patch.objectId),
      patch.order,
      set,
      remove,
    );
  }

  async applyAccountStatus(patch: AccountStatusPatch): Promise<MirrorWriteResult<AccountStatusRecord>> {
    const { order: _order, ...fields } = patch;
    const remove = (['disableReason', 'disableReasonName', 'businessId'] as const).filter(
      (field) => patch[field] === undefined,
    );
    return this.conditionalUpdate<AccountStatusRecord>(
      { pk: appKeys.adAccount(patch.adAccountId), sk: ACCOUNT_STATUS },
      patch.order,
      { ...fields, updatedAt: this.now().toISOString() },
      remove,
    );
  }

  async getObject(adAccountId: string, objectId: string): Promise<AdObjectRecord | undefined> {
    const item = (await readAdObjects(this.client, this.tableName, adAccountId, [objectId])).get(objectId);
    return item ? recordOf<AdObjectRecord>(item) : undefined;
  }

  async getAccountStatus(adAccountId: string): Promise<AccountStatusRecord | undefined> {
    return this.get<AccountStatusRecord>({ pk: appKeys.adAccount(adAccountId), sk: ACCOUNT_STATUS });
  }

  async listObjects(adAccountId: string, options: { level?: AdObjectLevel } = {}): Promise<AdObjectRecord[]> {
    const items = await queryAllShards({
      client: this.client,
      tableName: this.tableName,
      pks: adObjectPartitions(adAccountId),
      skPrefix: appKeys.adObjectPrefix,
    });
    return items
      .filter((item) => options.level === undefined || item.level === options.level)
      .map((item) => recordOf<AdObjectRecord>(item));
  }

  private async conditionalUpdate<T>(
    key: { pk: string; sk: string },
    order: string,
    set: Record<string, unknown>,
    remove: readonly string[],
  ): Promise<MirrorWriteResult<T>> {
    const names: Record<string, string> = { '#order': 'order' };
    const values: Record<string, unknown> = { ':order': order };
    const assignments = ['#order = :order'];
    Object.entries(set).forEach(([field, value], i) => {
      if (value === undefined) return;
      names[`#s${i}`] = field;
      values[`:s${i}`] = value;
      assignments.push(`#s${i} = :s${i}`);
    });
    const removals = remove.map((field, i) => {
      names[`#r${i}`] = field;
      return `#r${i}`;
    });
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET ${assignments.join(', ')}${removals.length ? ` REMOVE ${removals.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_not_exists(#order) OR #order < :order',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { outcome: 'applied', record: out.Attributes ? recordOf<T>(out.Attributes) : undefined };
    } catch (err: unknown) {
      if (!isConditionFailure(err)) throw err;
      // The stored order is not older: ours (a replay) or a newer event's.
      const current = await this.get<T & { order?: string }>(key);
      const decision = orderDecision(current?.order, order);
      return { outcome: decision === 'already_applied' ? 'already_applied' : 'stale', record: current };
    }
  }

  /** Read per call: the table name comes from the environment, which tests may switch. */
  private get tableName(): string {
    return this.table ?? appTableName();
  }

  private async get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return out.Item ? recordOf<T>(out.Item) : undefined;
  }
}

/** Items are written only by this class (and later mirror writers), so their shape is ours. */
function recordOf<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k))) as T;
}

let sharedAdObjectMirror: AdObjectMirror | undefined;

/** The one DynamoAdObjectMirror of the container, for the composition roots (shared/<area>/*-root.ts, roots/). */
export function adObjectMirror(): AdObjectMirror {
  sharedAdObjectMirror ??= new DynamoAdObjectMirror();
  return sharedAdObjectMirror;
}
