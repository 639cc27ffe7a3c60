import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ManagedObject } from '../../domain/managed-object';
import type { CappedObject } from '../../domain/spend-caps';
import { dynamoDocumentClient } from '../aws-clients';
import type {
  ManagedObjectListOptions,
  ManagedObjectPage,
  ManagedObjectStore,
} from '../managed-object-store';
import { adObjectKey, adObjectPartitions, moveAdObjectsToShards, readAdObjects } from './ad-object-keys';
import { appKeys, appTableName } from './app-table';
import type { StoredItem } from './batch-get';
import { decodeCursorWhere, encodeCursor } from './cursor';
import type { ItemFilter } from './filtered-page';
import { queryAllShards, queryShards } from './sharded-page';
import type { TransactUpdate } from './transact-item';

export interface DynamoManagedObjectStoreOptions {
  /** @default the container's shared document client */
  client?: DynamoDBDocumentClient;
  /** @default the table named by TABLE_APP */
  tableName?: string;
}

/** Every field of a ManagedObject: what this store writes, and all it reads back. */
const MANAGED_OBJECT_FIELDS = [
  'id',
  'level',
  'adAccountId',
  'name',
  'status',
  'effectiveStatus',
  'currency',
  'campaignId',
  'adSetId',
  'objective',
  'specialAdCategories',
  'isAdsetBudgetSharingEnabled',
  'spendCap',
  'advantageStateInfo',
  'dailyBudget',
  'lifetimeBudget',
  'bidStrategy',
  'bidAmount',
  'billingEvent',
  'optimizationGoal',
  'targeting',
  'startTime',
  'endTime',
  'promotedObject',
  'dsaBeneficiary',
  'dsaPayor',
  'creativeId',
  'reviewFeedback',
  'createdBy',
  'approvedBy',
  'updatedBy',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof ManagedObject)[];

type ListedField = (typeof MANAGED_OBJECT_FIELDS)[number];
/** Fails to compile when ManagedObject gains a field the list above misses. */
const everyFieldListed: Exclude<keyof ManagedObject, ListedField> extends never ? true : never = true;
void everyFieldListed;

/**
 * Fields webhooks write too (with their `order` condition): set when we know them (a fresh
 * read after a write), never removed by us, so a status Meta pushed is not wiped by a PUT
 * that did not read it.
 */
const SHARED_WITH_WEBHOOKS: ReadonlySet<ListedField> = new Set(['effectiveStatus', 'reviewFeedback']);

/**
 * Campaigns, ad sets and ads in the webhook mirror's items (`adObjectKey`: an ad account's
 * shard, sk `OBJ#<id>`, shared/store/dynamodb/ad-object-mirror.ts; objects of before the shards
 * are read under `ADACCOUNT#<act>` too and moved before a write of their account). Writes are UpdateItem SET of our
 * fields and REMOVE of our absent ones, so the webhook-only attributes (`order`,
 * `eventTime`, `issue`, `statusName`, `refreshFields`) survive. An item without our `name`
 * and `status` (only webhooks wrote it) reads as undefined.
 */
export class DynamoManagedObjectStore implements ManagedObjectStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string | undefined;

  constructor(options: DynamoManagedObjectStoreOptions = {}) {
    this.client = options.client ?? dynamoDocumentClient();
    this.table = options.tableName;
  }

  async get(adAccountId: string, id: string): Promise<ManagedObject | undefined> {
    return (await this.getMany(adAccountId, [id]))[0];
  }

  async getMany(adAccountId: string, ids: readonly string[]): Promise<ManagedObject[]> {
    const items = await readAdObjects(this.client, this.tableName, adAccountId, ids);
    return [...items.values()].flatMap((item) => {
      const object = managedObjectOf(item);
      return object ? [object] : [];
    });
  }

  async listAccount(adAccountId: string): Promise<ManagedObject[]> {
    const items = await queryAllShards({
      client: this.client,
      tableName: this.tableName,
      pks: adObjectPartitions(adAccountId),
      skPrefix: appKeys.adObjectPrefix,
    });
    return items.flatMap((item) => {
      const object = managedObjectOf(item);
      return object ? [object] : [];
    });
  }

  async listBudgets(adAccountId: string): Promise<CappedObject[]> {
    const fields = [
      'id',
      'level',
      'status',
      'adAccountId',
      'currency',
      'dailyBudget',
      'lifetimeBudget',
      'campaignId',
    ];
    const perPartition = await Promise.all(
      adObjectPartitions(adAccountId).map((pk) => this.budgetsUnder(pk, fields)),
    );
    // An object met twice (moved while read) once: the shard's copy comes first.
    const seen = new Set<string>();
    return perPartition.flat().filter((object) => {
      if (object.id === undefined) return true;
      if (seen.has(object.id)) return false;
      seen.add(object.id);
      return true;
    });
  }

  private async budgetsUnder(pk: string, fields: readonly string[]): Promise<CappedObject[]> {
    const objects: CappedObject[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          FilterExpression: 'attribute_exists(#name) AND #level <> :ad AND #status IN (:active, :paused)',
          ProjectionExpression: fields.map((_, i) => `#f${i}`).join(', '),
          ExpressionAttributeNames: {
            '#name': 'name',
            '#level': 'level',
            '#status': 'status',
            ...Object.fromEntries(fields.map((field, i) => [`#f${i}`, field])),
          },
          ExpressionAttributeValues: {
            ':pk': pk,
            ':prefix': appKeys.adObjectPrefix,
            ':ad': 'ad',
            ':active': 'ACTIVE',
            ':paused': 'PAUSED',
          },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of out.Items ?? []) objects.push(item as CappedObject);
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return objects;
  }

  /**
   * Ad accounts in id order, each by object id (its shards merged); the cursor is the account's
   * key and the last object's sort key, so a page may end in one account and the next start in
   * it or the next one.
   */
  async list(adAccountIds: readonly string[], options: ManagedObjectListOptions): Promise<ManagedObjectPage> {
    const accounts = [...new Set(adAccountIds)].sort();
    const cursor = options.cursor
      ? decodeCursorWhere(
          options.cursor,
          (key) =>
            typeof key.pk === 'string' &&
            accounts.some((act) => appKeys.adAccount(act) === key.pk) &&
            typeof key.sk === 'string' &&
            key.sk.startsWith(appKeys.adObjectPrefix),
        )
      : undefined;
    const from = cursor ? accounts.findIndex((act) => appKeys.adAccount(act) === cursor.pk) : 0;
    let afterSk = cursor ? String(cursor.sk) : undefined;
    const filter = listFilter(options);
    const items: ManagedObject[] = [];
    let next: { pk: string; sk: string } | undefined;
    for (const [i, act] of accounts.slice(from).entries()) {
      const page = await queryShards({
        client: this.client,
        tableName: this.tableName,
        pks: adObjectPartitions(act),
        skPrefix: appKeys.adObjectPrefix,
        limit: options.limit - items.length,
        filter,
        ...(afterSk !== undefined ? { afterSk } : {}),
      });
      afterSk = undefined;
      for (const item of page.items) {
        const object = managedObjectOf(item);
        if (object) items.push(object);
      }
      if (items.length < options.limit) continue;
      // Full: more may follow in this account (page.lastSk) or in a later one.
      const last = page.items.at(-1);
      const laterAccounts = from + i < accounts.length - 1;
      const sk = page.lastSk ?? (laterAccounts && last ? String(last.sk) : undefined);
      if (sk !== undefined) next = { pk: appKeys.adAccount(act), sk };
      break;
    }
    return { items, ...(next ? { nextCursor: encodeCursor(next) } : {}) };
  }

  /** Moves the account's objects of before the shards to them: before a write beside them. */
  async moveAccount(adAccountId: string): Promise<void> {
    await moveAdObjectsToShards(this.client, this.tableName, adAccountId);
  }

  async put(object: ManagedObject): Promise<void> {
    await this.moveAccount(object.adAccountId);
    await this.client.send(new UpdateCommand(this.putItem(object).Update));
  }

  /**
   * The TransactWriteItems entry that writes `object` (MutationCommit): SET of its fields,
   * REMOVE of our fields it lacks (a PATCH that drops a budget removes it).
   */
  putItem(object: ManagedObject): TransactUpdate {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const assignments: string[] = [];
    const removals: string[] = [];
    MANAGED_OBJECT_FIELDS.forEach((field, i) => {
      const value = object[field];
      if (value === undefined) {
        if (SHARED_WITH_WEBHOOKS.has(field)) return;
        names[`#f${i}`] = field;
        removals.push(`#f${i}`);
        return;
      }
      names[`#f${i}`] = field;
      values[`:f${i}`] = value;
      assignments.push(`#f${i} = :f${i}`);
    });
    return {
      Update: {
        TableName: this.tableName,
        Key: adObjectKey(object.adAccountId, object.id),
        UpdateExpression: `SET ${assignments.join(', ')}${removals.length ? ` REMOVE ${removals.join(', ')}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  /** Read per call: the table name comes from the environment, which tests may switch. */
  private get tableName(): string {
    return this.table ?? appTableName();
  }
}

/** Items this store wrote (webhook-only items carry no name or status of ours). */
function oursFilter(): ItemFilter {
  return {
    expression: 'attribute_exists(#name) AND attribute_exists(#status)',
    names: { '#name': 'name', '#status': 'status' },
    values: {},
  };
}

function listFilter(options: ManagedObjectListOptions): ItemFilter {
  const ours = oursFilter();
  const clauses = [ours.expression, '#level = :level'];
  const names: Record<string, string> = { ...ours.names, '#level': 'level' };
  const values: Record<string, unknown> = { ':level': options.level };
  if (!options.includeDeleted) {
    clauses.push('#status <> :deleted');
    values[':deleted'] = 'DELETED';
  }
  if (options.campaignId !== undefined) {
    clauses.push('#campaignId = :campaignId');
    names['#campaignId'] = 'campaignId';
    values[':campaignId'] = options.campaignId;
  }
  if (options.adSetId !== undefined) {
    clauses.push('#adSetId = :adSetId');
    names['#adSetId'] = 'adSetId';
    values[':adSetId'] = options.adSetId;
  }
  return { expression: clauses.join(' AND '), names, values };
}

/** Our fields of the item, or undefined when only webhooks wrote it. */
function managedObjectOf(item: StoredItem): ManagedObject | undefined {
  if (typeof item.name !== 'string' || typeof item.status !== 'string') return undefined;
  const object: Record<string, unknown> = {};
  for (const field of MANAGED_OBJECT_FIELDS) if (item[field] !== undefined) object[field] = item[field];
  return object as unknown as ManagedObject;
}

let sharedManagedObjectStore: ManagedObjectStore | undefined;

/** The one DynamoManagedObjectStore of the container, for the composition roots (shared/<area>/*-root.ts, roots/). */
export function managedObjectStore(): ManagedObjectStore {
  sharedManagedObjectStore ??= new DynamoManagedObjectStore();
  return sharedManagedObjectStore;
}
