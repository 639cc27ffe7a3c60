import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  dynamoDocumentClient,
  s3Client,
  secretsClient,
  sqsClient,
  withoutSdkLogging,
} from '../../../shared/store/aws-clients';

const loggers = (client: { middlewareStack: { identify(): string[] } }) =>
  client.middlewareStack.identify().filter((name) => name.startsWith('loggerMiddleware'));

describe('AWS clients', () => {
  it('takes the SDK logger middleware off a client', () => {
    const client = new DynamoDBClient({ region: 'us-east-1' });
    expect(loggers(client)).toEqual(['loggerMiddleware - initialize']);
    expect(withoutSdkLogging(client)).toBe(client);
    expect(loggers(client)).toEqual([]);
  });

  it('gives the container clients no SDK logger middleware', () => {
    for (const client of [dynamoDocumentClient(), sqsClient(), s3Client(), secretsClient()]) {
      expect(loggers(client)).toEqual([]);
    }
  });
});
