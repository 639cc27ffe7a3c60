import type { SQSClient } from '@aws-sdk/client-sqs';
import type { WebhookChangeMessage } from '../domain/webhook-change';
import { sqsClient } from '../store/aws-clients';
import { sendJsonBatch } from '../store/queue';

/** Where verified changes wait for the consumer. */
export interface ChangeQueue {
  /** Resolves once every message is accepted by the queue; rejects otherwise (nothing is lost: the sender retries the delivery). */
  enqueue(messages: WebhookChangeMessage[]): Promise<void>;
}

/**
 * One SQS message per change. When SQS still refuses some after one more try, the whole
 * enqueue fails, the receiver answers 500 and Meta redelivers (duplicates are the consumer's
 * to drop).
 */
export class SqsChangeQueue implements ChangeQueue {
  constructor(
    private readonly queueUrl: string,
    private readonly client: SQSClient = sqsClient(),
  ) {}

  async enqueue(messages: WebhookChangeMessage[]): Promise<void> {
    await sendJsonBatch(this.queueUrl, messages, this.client);
  }
}
