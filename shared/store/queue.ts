import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from './aws-clients';

/** SQS refuses delays above 15 minutes; longer waits are chained by the consumer. */
export const MAX_DELAY_SECONDS = 900;

/** Sends one JSON message, optionally delayed (clamped to SQS's 0–900 s). */
export async function sendJson(
  queueUrl: string,
  body: unknown,
  delaySeconds = 0,
): Promise<string | undefined> {
  const out = await sqsClient().send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(body),
      DelaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delaySeconds))),
    }),
  );
  return out.MessageId;
}
