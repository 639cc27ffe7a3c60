import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../domain/mutation';
import type { AuditListOptions, AuditPage, AuditStore } from '../audit-store';
import { dynamoDocumentClient } from '../aws-clients';
import { appKeys, appTableName } from './app-table';
import type { StoredItem } from './batch-get';
import { compressJson, decompressJson } from './compressed-json';
import { decodeCursor, encodeCursor } from './cursor';
import { type ItemFilter, queryPage } from './filtered-page';
import type { TransactPut } from './transact-item';

export interface DynamoAuditStoreOptions {
  /** @default the container's shared document client */
  client?: DynamoDBDocumentClient;
  /** @default the table named by TABLE_APP */
  tableName?: string;
}

/**
 * The compressed request/before/after above which they are left out: an item holds 400 KB
 * at most, and an audit write that fails would cancel the mutation's whole commit.
 */
const MAX_DETAIL_BYTES = 300_000;

type AuditDetail = Pick<AuditEntry, 'request' | 'before' | 'after'>;

/**
 * The audit trail in the app table at `WS#<ws>` / `AUDIT#<at>#<id>` (newest first by a
 * reverse query). The fields lists filter on are plain attributes; the request and the
 * before/after objects (targeting specs can be large) are one gzipped JSON attribute.
 */
export class DynamoAuditStore implements AuditStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string | undefined;

  constructor(options: DynamoAuditStoreOptions = {}) {
    this.client = options.client ?? dynamoDocumentClient();
    this.table = options.tableName;
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.client.send(new PutCommand(this.appendItem(entry).Put));
  }

  /** The TransactWriteItems entry that appends `entry` (MutationCommit). */
  appendItem(entry: AuditEntry): TransactPut {
    const { request, before, after, ...indexed } = entry;
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...indexed,
          pk: appKeys.workspace(entry.workspaceId),
          sk: appKeys.audit(entry.at, entry.id),
          detail: detailBytes({ request, before, after }),
        },
      },
    };
  }

  async list(workspaceId: string, options: AuditListOptions): Promise<AuditPage> {
    const filter = auditFilter(options);
    const page = await queryPage({
      client: this.client,
      tableName: this.tableName,
      pk: appKeys.workspace(workspaceId),
      skPrefix: appKeys.auditPrefix,
      limit: options.limit,
      forward: false,
      ...(options.cursor ? { startKey: decodeCursor(options.cursor, workspaceId, appKeys.auditPrefix) } : {}),
      ...(filter ? { filter } : {}),
    });
    return {
      items: page.items.map(toAuditEntry),
      ...(page.lastKey ? { nextCursor: encodeCursor(page.lastKey) } : {}),
    };
  }

  /** Read per call: the table name comes from the environment, which tests may switch. */
  private get tableName(): string {
    return this.table ?? appTableName();
  }
}

/** The request and objects, compressed; only the request's method and path if even that is too big. */
function detailBytes(detail: AuditDetail): Uint8Array {
  const full = compressJson(detail);
  if (full.byteLength <= MAX_DETAIL_BYTES) return full;
  const { body: _body, ...request } = detail.request;
  return compressJson({ request });
}

function auditFilter(options: AuditListOptions): ItemFilter | undefined {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (options.objectId !== undefined) {
    clauses.push('#objectId = :objectId');
    names['#objectId'] = 'objectId';
    values[':objectId'] = options.objectId;
  }
  if (options.actorKind !== undefined || options.actorSub !== undefined) names['#actor'] = 'actor';
  if (options.actorKind !== undefined) {
    clauses.push('#actor.#kind = :actorKind');
    names['#kind'] = 'kind';
    values[':actorKind'] = options.actorKind;
  }
  if (options.actorSub !== undefined) {
    clauses.push('#actor.#sub = :actorSub');
    names['#sub'] = 'sub';
    values[':actorSub'] = options.actorSub;
  }
  return clauses.length ? { expression: clauses.join(' AND '), names, values } : undefined;
}

function toAuditEntry(item: StoredItem): AuditEntry {
  const { pk: _pk, sk: _sk, detail, ...indexed } = item;
  return { ...indexed, ...(decompressJson(detail as Uint8Array) as AuditDetail) } as AuditEntry;
}

let sharedAuditStore: AuditStore | undefined;

/** The one DynamoAuditStore of the container, for the composition roots (shared/<area>/*-root.ts, roots/). */
export function auditStore(): AuditStore {
  sharedAuditStore ??= new DynamoAuditStore();
  return sharedAuditStore;
}
