import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FunctionSpec } from '../../infra/manifest';
import { queues } from '../../infra/resources';
import { resourceName } from '../../shared/platform/config';
import { sqsClient } from '../../shared/store/aws-clients';

/** Where the bench mounts the floor on the local gateway; never in the manifest, never deployed. */
export const ENQUEUE_FLOOR_PATH = '/bench/enqueue-floor';

/**
 * The webhook bench's "enqueue floor": a Function URL that the bench adds to its own copy of
 * the manifest, so the local gateway and invoker serve it exactly as they serve the receiver.
 * It makes the receiver's one SQS call and nothing else: no middy stack, no signature check,
 * no parsing.
 */
export const enqueueFloorFunction: FunctionSpec = {
  name: 'bench-enqueue-floor',
  entry: 'test/bench/enqueue-floor-function.ts',
  description: 'Bench only: one SendMessageBatch of the request body to the webhook queue',
  triggers: [{ kind: 'functionUrl', localPath: ENQUEUE_FLOOR_PATH }],
  memoryMb: 512,
  access: { sendTo: ['webhookEvents'] },
};

/**
 * The request body is a change message as the receiver would enqueue it; it goes to the same
 * queue through the same client and command (a one-entry SendMessageBatch, as the receiver
 * sends for a one-change delivery), so the consumer's work after it is the same too.
 */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const body = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  await sqsClient().send(
    new SendMessageBatchCommand({
      QueueUrl: resourceName(queues.webhookEvents.envVar),
      Entries: [{ Id: '0', MessageBody: body }],
    }),
  );
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"accepted":1}' };
}
