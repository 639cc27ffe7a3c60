import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTables } from '../../../../infra/local/dynamodb';
import { LOCAL_REGION, localCredentials } from '../../../../infra/local/local-aws';
import { tables } from '../../../../infra/manifest';

/**
 * A fresh app table on the suite's DynamoDB Local, wired the way a Lambda finds it (the SDK's
 * endpoint variable and TABLE_APP), for stores that use the shared client.
 */
export async function useLocalAppTable(prefix: string): Promise<string> {
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('TEST_DYNAMODB_ENDPOINT is not set: run through jest (global setup)');
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
  process.env.AWS_REGION = LOCAL_REGION;
  process.env.AWS_ACCESS_KEY_ID = localCredentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = localCredentials.secretAccessKey;
  const raw = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
  try {
    const names = await ensureTables(raw, { app: tables.app }, `${prefix}-${randomUUID().slice(0, 8)}-`);
    const name = names[tables.app.envVar] ?? '';
    process.env[tables.app.envVar] = name;
    return name;
  } finally {
    raw.destroy();
  }
}
