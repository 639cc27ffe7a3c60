import type { Server } from 'node:http';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueNameExists,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import type { QueueSpec } from '../resources';
import { LOCAL_ACCOUNT_ID } from './local-account';
import { LOCAL_REGION } from './local-aws';

export interface LocalSqs {
  endpoint: string;
  stop(): Promise<void>;
}

export interface LocalQueue {
  url: string;
  arn: string;
  dlqUrl: string;
  dlqArn: string;
}

/** A dead-letter queue keeps what failed for 14 days, the SQS maximum, for inspection. */
const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;

/**
 * Starts `local-aws-sqs` in this process on a free loopback port. It speaks the JSON
 * protocol of the current SDK; queues live in memory and vanish with the server.
 * @example const sqs = await startLocalSqs(); const client = new SQSClient({ endpoint: sqs.endpoint, ... });
 */
export async function startLocalSqs(options: { region?: string } = {}): Promise<LocalSqs> {
  const server = await createSqsServer({
    port: 0,
    hostname: '127.0.0.1',
    region: options.region ?? LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    // Tests and restarts recreate queues by name at once; AWS would make them wait 60 s.
    emulateQueueCreationLifecycle: false,
  });
  const address = server.address();
  if (!address || typeof address !== 'object') {
    server.close();
    throw new Error('local SQS did not get a port');
  }
  return { endpoint: `http://127.0.0.1:${address.port}`, stop: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    // SDK clients keep sockets alive; without this close() waits for them to time out.
    server.closeAllConnections();
  });
}

/**
 * Creates each manifest queue (`${prefix}${key}`) and its DLQ (`${prefix}${key}-dlq`) with
 * the spec's visibility timeout and `maxReceiveCount` redrive; an existing queue gets its
 * attributes updated. Keyed like `specs`.
 */
export async function ensureQueues(
  client: SQSClient,
  specs: Record<string, QueueSpec>,
  prefix: string,
): Promise<Record<string, LocalQueue>> {
  const queues: Record<string, LocalQueue> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const dlqUrl = await ensureQueue(client, `${prefix}${key}-dlq`, {
      MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS),
    });
    const dlqArn = await queueArn(client, dlqUrl);
    const url = await ensureQueue(client, `${prefix}${key}`, {
      VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: spec.maxReceiveCount }),
    });
    queues[key] = { url, arn: await queueArn(client, url), dlqUrl, dlqArn };
  }
  return queues;
}

async function ensureQueue(
  client: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  try {
    const created = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    if (!created.QueueUrl) throw new Error(`CreateQueue ${name} returned no URL`);
    return created.QueueUrl;
  } catch (err: unknown) {
    if (!(err instanceof QueueNameExists)) throw err;
    const found = await client.send(new GetQueueUrlCommand({ QueueName: name }));
    if (!found.QueueUrl) throw new Error(`GetQueueUrl ${name} returned no URL`);
    await client.send(new SetQueueAttributesCommand({ QueueUrl: found.QueueUrl, Attributes: attributes }));
    return found.QueueUrl;
  }
}

async function queueArn(client: SQSClient, url: string): Promise<string> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`queue ${url} has no ARN`);
  return arn;
}
