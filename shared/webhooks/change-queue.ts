import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WebhookChangeMessage } from '../domain/webhook-change';
import { sqsClient } from '../store/aws-clients';

/** Where verified changes wait for the consumer. */
export interface ChangeQueue {
  /** Resolves once every message is accepted by the queue; rejects otherwise (nothing is lost: the sender retries the delivery). */
  enqueue(messages: WebhookChangeMessage[]): Promise<void>;
}

/** SQS's limits: 10 entries and 256 KiB per SendMessageBatch, 256 KiB per message. */
export const SQS_MAX_BATCH_ENTRIES = 10;
export const SQS_MAX_MESSAGE_BYTES = 256 * 1024;

/**
 * One SQS message per change, sent in SendMessageBatch calls of up to 10 that run in
 * parallel. Entries SQS refuses inside a batch are retried once; still refused → the whole
 * enqueue fails, the receiver answers 500 and Meta redelivers (duplicates are the
 * consumer's to drop).
 */
export class SqsChangeQueue implements ChangeQueue {
  constructor(
    private readonly queueUrl: string,
    private readonly client: SQSClient = sqsClient(),
  ) {}

  async enqueue(messages: WebhookChangeMessage[]): Promise<void> {
    const bodies = messages.map((m) => JSON.stringify(m));
    const failed = (await Promise.all(batchesOf(bodies).map((batch) => this.sendBatch(batch)))).flat();
    if (failed.length === 0) return;
    const stillFailed = (await Promise.all(batchesOf(failed).map((batch) => this.sendBatch(batch)))).flat();
    if (stillFailed.length > 0)
      throw new Error(`SQS refused ${stillFailed.length} webhook change message(s)`);
  }

  /** Returns the bodies SQS did not accept. */
  private async sendBatch(bodies: string[]): Promise<string[]> {
    const out = await this.client.send(
      new SendMessageBatchCommand({
        QueueUrl: this.queueUrl,
        Entries: bodies.map((MessageBody, i) => ({ Id: String(i), MessageBody })),
      }),
    );
    return (out.Failed ?? []).flatMap((f) => {
      const body = bodies[Number(f.Id)];
      return body === undefined ? [] : [body];
    });
  }
}

/** Groups bodies into batches within SQS's entry-count and total-size limits. */
export function batchesOf(bodies: string[]): string[][] {
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
