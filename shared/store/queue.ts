import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sqsClient } from './aws-clients';

/** SQS refuses delays above 15 minutes; longer waits are chained by the consumer. */
export const MAX_DELAY_SECONDS = 900;

/** SQS's limits: 10 entries and 256 KiB per SendMessageBatch, 256 KiB per message. */
export const SQS_MAX_BATCH_ENTRIES = 10;
export const SQS_MAX_MESSAGE_BYTES = 256 * 1024;

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

/**
 * Sends many JSON messages in SendMessageBatch calls of up to 10 that run in parallel. Entries
 * SQS refuses inside a batch are sent once more; still refused → rejects, so the caller's
 * trigger retries (receivers of these messages drop duplicates).
 */
export async function sendJsonBatch(
  queueUrl: string,
  bodies: readonly unknown[],
  client: SQSClient = sqsClient(),
): Promise<void> {
  const texts = bodies.map((body) => JSON.stringify(body));
  const send = async (batch: string[]): Promise<string[]> => {
    const out = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((MessageBody, i) => ({ Id: String(i), MessageBody })),
      }),
    );
    return (out.Failed ?? []).flatMap((f) => {
      const body = batch[Number(f.Id)];
      return body === undefined ? [] : [body];
    });
  };
  const failed = (await Promise.all(batchesOf(texts).map(send))).flat();
  if (failed.length === 0) return;
  const stillFailed = (await Promise.all(batchesOf(failed).map(send))).flat();
  if (stillFailed.length > 0) throw new Error(`SQS refused ${stillFailed.length} message(s)`);
}

/** Groups bodies into batches within SQS's entry-count and total-size limits. */
export function batchesOf(bodies: readonly string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const body of bodies) {
    const bytes = Buffer.byteLength(body);
    if (
      current.length === SQS_MAX_BATCH_ENTRIES ||
      (current.length > 0 && size + bytes > SQS_MAX_MESSAGE_BYTES)
    ) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(body);
    size += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
