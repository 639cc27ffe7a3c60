import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ExperimentRecord } from '../../domain/experiment';
import type { ExperimentPage, ExperimentStore } from '../experiment-store';
import type { KeyedWrite } from '../keyed-write';
import { appKeys } from './app-table';
import type { StoredItem } from './batch-get';
import { applied } from './conditional-write';
import { decodeCursor, encodeCursor } from './cursor';
import { queryPage } from './filtered-page';
import { KeyedAppTableStore, type KeyedAppTableStoreOptions } from './keyed-app-table-store';

export type DynamoExperimentStoreOptions = KeyedAppTableStoreOptions;

/** Split tests in the app table at `WS#<ws>` / `EXPERIMENT#<id>`. */
export class DynamoExperimentStore extends KeyedAppTableStore implements ExperimentStore {
  async create(experiment: ExperimentRecord, idempotency?: KeyedWrite): Promise<void> {
    // No condition: Meta made the study already, and the record must land whatever else did.
    await this.putWithAnswer(
      {
        Put: {
          TableName: this.tableName,
          Item: { ...experiment, ...keyOf(experiment.workspaceId, experiment.id) },
        },
      },
      idempotency,
    );
  }

  async get(workspaceId: string, id: string): Promise<ExperimentRecord | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(workspaceId, id), ConsistentRead: true }),
    );
    return out.Item ? toExperiment(out.Item) : undefined;
  }

  async list(workspaceId: string, options: { limit: number; cursor?: string }): Promise<ExperimentPage> {
    const page = await queryPage({
      client: this.client,
      tableName: this.tableName,
      pk: appKeys.workspace(workspaceId),
      skPrefix: appKeys.experimentPrefix,
      limit: options.limit,
      forward: false,
      ...(options.cursor
        ? { startKey: decodeCursor(options.cursor, workspaceId, appKeys.experimentPrefix) }
        : {}),
    });
    return {
      items: page.items.map(toExperiment),
      ...(page.lastKey ? { nextCursor: encodeCursor(page.lastKey) } : {}),
    };
  }

  saveCancel(experiment: ExperimentRecord, idempotency?: KeyedWrite): Promise<boolean> {
    return applied(
      this.putWithAnswer(
        {
          Put: {
            TableName: this.tableName,
            Item: { ...experiment, ...keyOf(experiment.workspaceId, experiment.id) },
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(cancelledAt)',
          },
        },
        idempotency,
      ),
    );
  }
}

function keyOf(workspaceId: string, id: string): { pk: string; sk: string } {
  return { pk: appKeys.workspace(workspaceId), sk: appKeys.experiment(id) };
}

function toExperiment(item: StoredItem): ExperimentRecord {
  const { pk: _pk, sk: _sk, ...experiment } = item;
  return experiment as ExperimentRecord;
}

let sharedExperimentStore: ExperimentStore | undefined;

/** The one DynamoExperimentStore of the container, for the composition roots (shared/<area>/*-root.ts). */
export function experimentStore(): ExperimentStore {
  sharedExperimentStore ??= new DynamoExperimentStore();
  return sharedExperimentStore;
}
