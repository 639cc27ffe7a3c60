import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Controls } from '../../domain/controls';
import { dynamoDocumentClient } from '../aws-clients';
import type { ControlsStore } from '../controls-store';
import { appKeys, appTableName } from './app-table';

export interface DynamoControlsStoreOptions {
  /** @default the container's shared document client */
  client?: DynamoDBDocumentClient;
  /** @default the table named by TABLE_APP */
  tableName?: string;
}

/** Controls in the app table at `WS#<ws>` / `CONTROLS`, one item per workspace. */
export class DynamoControlsStore implements ControlsStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string | undefined;

  constructor(options: DynamoControlsStoreOptions = {}) {
    this.client = options.client ?? dynamoDocumentClient();
    this.table = options.tableName;
  }

  async get(workspaceId: string): Promise<Controls | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: appKeys.workspace(workspaceId), sk: appKeys.controls },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...controls } = out.Item;
    return controls as Controls;
  }

  async put(workspaceId: string, controls: Controls): Promise<Controls> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...controls, pk: appKeys.workspace(workspaceId), sk: appKeys.controls },
      }),
    );
    return controls;
  }

  /** Read per call: the table name comes from the environment, which tests may switch. */
  private get tableName(): string {
    return this.table ?? appTableName();
  }
}

let sharedControlsStore: ControlsStore | undefined;

/** The one DynamoControlsStore of the container, for the composition roots (shared/<area>/*-root.ts, roots/). */
export function controlsStore(): ControlsStore {
  sharedControlsStore ??= new DynamoControlsStore();
  return sharedControlsStore;
}
