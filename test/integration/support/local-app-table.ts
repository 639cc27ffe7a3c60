import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTables } from '../../../infra/local/dynamodb';
import { LOCAL_REGION, localCredentials } from '../../../infra/local/local-aws';
import { tables } from '../../../infra/resources';

export interface LocalAppTable {
  tableName: string;
  /** A document client on the suite's DynamoDB Local, for stores that take one. */
  client: DynamoDBDocumentClient;
  close(): void;
}

function suiteEndpoint(): string {
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('TEST_DYNAMODB_ENDPOINT is not set: run through jest (global setup)');
  return endpoint;
}

/** A fresh app table (named `<prefix>-<random>-app`) on the suite's DynamoDB Local, with a client. */
export async function createLocalAppTable(prefix: string): Promise<LocalAppTable> {
  const raw = new DynamoDBClient({
    endpoint: suiteEndpoint(),
    region: LOCAL_REGION,
    credentials: localCredentials,
  });
  const names = await ensureTables(raw, { app: tables.app }, `${prefix}-${randomUUID().slice(0, 8)}-`);
  return {
    tableName: names[tables.app.envVar] ?? '',
    client: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    close: () => raw.destroy(),
  };
}

export interface LocalMutationTables extends LocalAppTable {
  idempotencyTableName: string;
}

/** A fresh app table and idempotency table (`<prefix>-<random>-app` / `-idempotency`), with a client. */
export async function createLocalMutationTables(prefix: string): Promise<LocalMutationTables> {
  const raw = new DynamoDBClient({
    endpoint: suiteEndpoint(),
    region: LOCAL_REGION,
    credentials: localCredentials,
  });
  const names = await ensureTables(
    raw,
    { app: tables.app, idempotency: tables.idempotency },
    `${prefix}-${randomUUID().slice(0, 8)}-`,
  );
  return {
    tableName: names[tables.app.envVar] ?? '',
    idempotencyTableName: names[tables.idempotency.envVar] ?? '',
    client: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    close: () => raw.destroy(),
  };
}

export interface LocalDailyMetricsTable {
  tableName: string;
  client: DynamoDBDocumentClient;
  close(): void;
}

/** A fresh `ua_daily_metrics` table (`<prefix>-<random>-dailyMetrics`) on the suite's DynamoDB Local. */
export async function createLocalDailyMetricsTable(prefix: string): Promise<LocalDailyMetricsTable> {
  const raw = new DynamoDBClient({
    endpoint: suiteEndpoint(),
    region: LOCAL_REGION,
    credentials: localCredentials,
  });
  const names = await ensureTables(
    raw,
    { dailyMetrics: tables.dailyMetrics },
    `${prefix}-${randomUUID().slice(0, 8)}-`,
  );
  return {
    tableName: names[tables.dailyMetrics.envVar] ?? '',
    client: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    close: () => raw.destroy(),
  };
}

/**
 * A fresh app table wired the way a Lambda finds it (the SDK's endpoint variable and
 * TABLE_APP), for stores that use the container's shared client.
 */
export async function useLocalAppTable(prefix: string): Promise<string> {
  const table = await createLocalAppTable(prefix);
  table.close();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = suiteEndpoint();
  process.env.AWS_REGION = LOCAL_REGION;
  process.env.AWS_ACCESS_KEY_ID = localCredentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = localCredentials.secretAccessKey;
  process.env[tables.app.envVar] = table.tableName;
  return table.tableName;
}
