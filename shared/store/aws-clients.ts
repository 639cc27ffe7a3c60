import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMS } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What every SDK v3 client has: the middleware stack. */
interface WithMiddleware {
  middlewareStack: { remove(toRemove: string): boolean };
}

/**
 * Takes the SDK's logger middleware off a client. We never give the SDK a logger, yet with
 * its default no-op logger that middleware still builds a redacted copy of every input and
 * output (it walks all items of a 1 000-item Query): CPU for nothing on every call.
 */
export function withoutSdkLogging<T extends WithMiddleware>(client: T): T {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

/**
 * AWS clients, created once per container on first use. Endpoints come from the standard
 * `AWS_ENDPOINT_URL_*` variables, so the same code talks to AWS or to the local stand-ins.
 */
let dynamo: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;
let s3: S3Client | undefined;
let secrets: SecretsManagerClient | undefined;
const kmsByRegion = new Map<string, KMS>();

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  dynamo ??= DynamoDBDocumentClient.from(withoutSdkLogging(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return dynamo;
}

export function sqsClient(): SQSClient {
  sqs ??= withoutSdkLogging(new SQSClient({}));
  return sqs;
}

export function s3Client(): S3Client {
  s3 ??= withoutSdkLogging(new S3Client({ forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE === 'true' }));
  return s3;
}

export function secretsClient(): SecretsManagerClient {
  secrets ??= withoutSdkLogging(new SecretsManagerClient({}));
  return secrets;
}

/**
 * KMS for the Encryption SDK's keyring, per region (the keyring asks for the region of the
 * key's ARN). The aggregated `KMS` client, because the keyring calls its methods
 * (`generateDataKey`, `decrypt`); the SDK's keyring module imports it anyway.
 */
export function kmsClient(region: string): KMS {
  let client = kmsByRegion.get(region);
  if (!client) {
    client = withoutSdkLogging(new KMS({ region }));
    kmsByRegion.set(region, client);
  }
  return client;
}
