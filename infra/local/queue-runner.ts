import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { chunksOf } from '../../shared/platform/chunks-of';
import { errorFields } from '../../shared/platform/error-fields';
import { LOCAL_REGION } from './local-aws';
import { type BatchOutcome, batchOutcome, deletableIds } from './sqs-batch-outcome';
import { toSqsEvent } from './sqs-event';
import { type StructuredLog, stderrLog } from './structured-log';

/** One queue → function binding, like an SQS event source mapping. */
export interface QueueConsumer {
  queueName: string;
  queueUrl: string;
  queueArn: string;
  /** Most records per invocation (the mapping's `BatchSize`). */
  batchSize: number;
  /** Batches of this queue processed at once. @default the runner's `maxConcurrency` */
  maxConcurrency?: number;
  /** Runs the function; its result is read as Lambda reads an `SQSBatchResponse`. */
  invoke: (event: SQSEvent) => Promise<unknown>;
}

export interface QueueRunnerOptions {
  client: SQSClient;
  /** `awsRegion` of each record. @default the region in the queue's ARN */
  region?: string;
  consumers: QueueConsumer[];
  /** Long-poll wait of each receive, whole seconds (0–20). @default 1 */
  waitTimeSeconds?: number;
  /** Batches per queue processed at once. @default 5 */
  maxConcurrency?: number;
  /** @default JSON lines on stderr */
  log?: StructuredLog;
}

interface ConsumerState {
  consumer: QueueConsumer;
  region: string;
  maxConcurrency: number;
  inFlight: number;
  /** Resolves the receive loop's wait for a free slot. */
  slotFreed?: () => void;
}

/** SQS allows at most 10 messages per receive and per delete batch. */
const SQS_BATCH_LIMIT = 10;
const IDLE_POLL_MS = 20;

/**
 * The local SQS → Lambda event source mapping: long-polls each queue, hands batches of up
 * to `batchSize` records to the function with up to `maxConcurrency` batches in flight,
 * deletes what succeeded and leaves the rest to the queue's visibility timeout and
 * RedrivePolicy (redelivery, then the DLQ), as Lambda with `ReportBatchItemFailures` does.
 * @example
 * const runner = new QueueRunner({ client, consumers: [{ queueName, queueUrl, queueArn, batchSize: 10, invoke }] });
 * runner.start(); await runner.idle(); await runner.stop();
 */
export class QueueRunner {
  private readonly client: SQSClient;
  private readonly states: ConsumerState[];
  private readonly waitTimeSeconds: number;
  private readonly log: StructuredLog;
  private running = false;
  private abort = new AbortController();
  private loops: Promise<void>[] = [];
  private readonly batches = new Set<Promise<void>>();
  /** Bumped whenever a batch starts or ends, so `idle()` can see work that came and went. */
  private activity = 0;

  constructor(options: QueueRunnerOptions) {
    this.client = options.client;
    this.waitTimeSeconds = options.waitTimeSeconds ?? 1;
    this.log = options.log ?? stderrLog;
    const defaultConcurrency = options.maxConcurrency ?? 5;
    this.states = options.consumers.map((consumer) => {
      if (!Number.isInteger(consumer.batchSize) || consumer.batchSize < 1)
        throw new Error(`queue ${consumer.queueName}: batchSize must be a positive integer`);
      return {
        consumer,
        region: options.region ?? regionOf(consumer.queueArn),
        maxConcurrency: consumer.maxConcurrency ?? defaultConcurrency,
        inFlight: 0,
      };
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.loops = this.states.map((state) => this.receiveLoop(state));
  }

  /**
   * Stops receiving and waits for the batches in flight to finish and be deleted. The open
   * long polls are abandoned: local-aws-sqs still completes them, so a message arriving in
   * that last second is taken by nobody and returns after its visibility timeout, as with a
   * poller that died in AWS.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    for (const state of this.states) state.slotFreed?.();
    await Promise.all(this.loops);
    await Promise.all([...this.batches]);
  }

  /**
   * Resolves once every consumer queue holds no visible, in-flight or delayed message and
   * no batch is running, checked twice around the queue counts so that work which started
   * and ended in between is not missed. Rejects after `timeoutMs` with what is pending.
   */
  async idle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let pending: Record<string, number> = {};
    for (;;) {
      const before = this.activity;
      if (this.batches.size === 0) {
        pending = await this.pendingMessages();
        const quiet = this.activity === before && this.batches.size === 0;
        if (quiet && Object.values(pending).every((count) => count === 0)) return;
      }
      if (Date.now() >= deadline)
        throw new Error(
          `queues not idle after ${timeoutMs} ms: ${this.batches.size} batches running, messages pending ${JSON.stringify(pending)}`,
        );
      await sleep(IDLE_POLL_MS);
    }
  }

  private async pendingMessages(): Promise<Record<string, number>> {
    const counts = await Promise.all(
      this.states.map(async ({ consumer }) => {
        const { Attributes = {} } = await this.client.send(
          new GetQueueAttributesCommand({
            QueueUrl: consumer.queueUrl,
            AttributeNames: [
              'ApproximateNumberOfMessages',
              'ApproximateNumberOfMessagesNotVisible',
              'ApproximateNumberOfMessagesDelayed',
            ],
          }),
        );
        // local-aws-sqs counts in-flight messages in both of the first two; any sum > 0 is pending.
        const total =
          Number(Attributes.ApproximateNumberOfMessages ?? 0) +
          Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
          Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
        return [consumer.queueName, total] as const;
      }),
    );
    return Object.fromEntries(counts);
  }

  private async receiveLoop(state: ConsumerState): Promise<void> {
    let failures = 0;
    while (this.running) {
      if (state.inFlight >= state.maxConcurrency) {
        await new Promise<void>((resolve) => {
          state.slotFreed = resolve;
        });
        state.slotFreed = undefined;
        continue;
      }
      let messages: Message[];
      try {
        messages = await this.receiveBatch(state.consumer);
        failures = 0;
      } catch (err: unknown) {
        if (!this.running) break;
        failures += 1;
        this.log({
          level: 'warn',
          msg: 'receive failed',
          queue: state.consumer.queueName,
          error: errorFields(err),
        });
        await sleep(Math.min(100 * 2 ** failures, 2000), this.abort.signal);
        continue;
      }
      if (messages.length > 0) this.dispatch(state, messages);
    }
  }

  /**
   * local-aws-sqs holds a long poll until it has `MaxNumberOfMessages` messages or the wait
   * ends (SQS answers as soon as any message is there), and even a short receive waits 40 ms
   * when it finds fewer than it asked for. So the long poll asks for one, and the batch is
   * filled with exactly as many as the queue says are visible now.
   */
  private async receiveBatch(consumer: QueueConsumer): Promise<Message[]> {
    const first = await this.client.send(receive(consumer.queueUrl, 1, this.waitTimeSeconds), {
      abortSignal: this.abort.signal,
    });
    const messages = first.Messages ?? [];
    while (messages.length > 0 && messages.length < consumer.batchSize) {
      let more: Message[];
      try {
        const visible = await this.visibleCount(consumer.queueUrl);
        const wanted = Math.min(SQS_BATCH_LIMIT, consumer.batchSize - messages.length, visible);
        if (wanted <= 0) break;
        more = (await this.client.send(receive(consumer.queueUrl, wanted, 0))).Messages ?? [];
        if (more.length === 0) break;
      } catch (err: unknown) {
        // What was received is in flight already: hand it over rather than let it time out.
        this.log({
          level: 'warn',
          msg: 'receive failed',
          queue: consumer.queueName,
          error: errorFields(err),
        });
        break;
      }
      messages.push(...more);
    }
    return messages;
  }

  /** Messages a receive could take now (local-aws-sqs counts in-flight ones as "messages" too). */
  private async visibleCount(queueUrl: string): Promise<number> {
    const out = await this.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const all = Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
    const inFlight = Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
    return Math.max(0, all - inFlight);
  }

  private dispatch(state: ConsumerState, messages: Message[]): void {
    state.inFlight += 1;
    this.activity += 1;
    const batch = this.processBatch(state, messages).finally(() => {
      state.inFlight -= 1;
      this.activity += 1;
      this.batches.delete(batch);
      state.slotFreed?.();
    });
    this.batches.add(batch);
  }

  private async processBatch(state: ConsumerState, messages: Message[]): Promise<void> {
    const { consumer } = state;
    const ids = messages.map((m) => m.MessageId ?? '');
    let event: SQSEvent;
    try {
      event = toSqsEvent(messages, { queueArn: consumer.queueArn, region: state.region });
    } catch (err: unknown) {
      this.log({
        level: 'error',
        msg: 'malformed messages left to redrive',
        queue: consumer.queueName,
        error: errorFields(err),
      });
      return;
    }
    let outcome: BatchOutcome;
    try {
      outcome = batchOutcome(ids, await consumer.invoke(event));
      if (outcome.kind !== 'succeeded')
        this.log({ level: 'warn', msg: 'batch not fully processed', queue: consumer.queueName, outcome });
    } catch (err: unknown) {
      outcome = { kind: 'failed', reason: 'function threw' };
      this.log({
        level: 'warn',
        msg: 'function threw; batch will be redelivered',
        queue: consumer.queueName,
        messageIds: ids,
        error: errorFields(err),
      });
    }
    const done = new Set(deletableIds(ids, outcome));
    await this.deleteMessages(
      consumer,
      messages.filter((m) => m.MessageId !== undefined && done.has(m.MessageId)),
    );
  }

  private async deleteMessages(consumer: QueueConsumer, messages: Message[]): Promise<void> {
    for (const chunk of chunksOf(messages, SQS_BATCH_LIMIT)) {
      try {
        const { Failed = [] } = await this.client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: consumer.queueUrl,
            Entries: chunk.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle })),
          }),
        );
        if (Failed.length > 0)
          this.log({
            level: 'error',
            msg: 'delete failed; messages will be redelivered',
            queue: consumer.queueName,
            failed: Failed.map((f) => f.Code),
          });
      } catch (err: unknown) {
        this.log({
          level: 'error',
          msg: 'delete failed; messages will be redelivered',
          queue: consumer.queueName,
          error: errorFields(err),
        });
      }
    }
  }
}

function receive(queueUrl: string, max: number, waitTimeSeconds: number): ReceiveMessageCommand {
  return new ReceiveMessageCommand({
    QueueUrl: queueUrl,
    MaxNumberOfMessages: max,
    WaitTimeSeconds: waitTimeSeconds,
    // Lambda's event carries every system attribute; local-aws-sqs returns the receive count only for 'All'.
    AttributeNames: ['All'],
    MessageAttributeNames: ['All'],
  });
}

function regionOf(queueArn: string): string {
  return queueArn.split(':')[3] || LOCAL_REGION;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
