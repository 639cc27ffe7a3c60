import { startDynamoDbLocal } from '../infra/local/dynamodb';

/**
 * One DynamoDB Local (in memory) for the whole run: integration tests share it and keep
 * apart by table prefix. Its endpoint reaches the workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const dynamo = await startDynamoDbLocal();
  process.env.TEST_DYNAMODB_ENDPOINT = dynamo.endpoint;
  (globalThis as { __dynamo?: typeof dynamo }).__dynamo = dynamo;
}
