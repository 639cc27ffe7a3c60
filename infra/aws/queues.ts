import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueTrigger } from '../manifest';
import type { QueueSpec } from '../resources';
import { constructId } from './construct-id';

/** SQS keeps a message at most 14 days; a DLQ holds it that long for a human to look at. */
const DLQ_RETENTION = Duration.days(14);

/** Lambda's SQS poller needs a batching window for batches over 10. */
const LARGE_BATCH_WINDOW = Duration.seconds(1);

/** An encrypted, TLS-only dead-letter queue that keeps what it catches for 14 days. */
export function newDeadLetterQueue(
  scope: Construct,
  id: string,
  props: { removalPolicy: RemovalPolicy },
): Queue {
  return new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: DLQ_RETENTION,
    removalPolicy: props.removalPolicy,
  });
}

export interface ManifestQueuesProps {
  queues: Record<string, QueueSpec>;
  removalPolicy: RemovalPolicy;
}

/** Every manifest queue with its DLQ: SSE, TLS only, redrive after `maxReceiveCount`. */
export class ManifestQueues extends Construct {
  private readonly byName = new Map<string, { queue: Queue; dlq: Queue; spec: QueueSpec }>();

  constructor(scope: Construct, id: string, props: ManifestQueuesProps) {
    super(scope, id);
    for (const [name, spec] of Object.entries(props.queues)) {
      const base = constructId(name);
      const dlq = newDeadLetterQueue(this, `${base}Dlq`, { removalPolicy: props.removalPolicy });
      const queue = new Queue(this, base, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
        removalPolicy: props.removalPolicy,
      });
      this.byName.set(name, { queue, dlq, spec });
    }
  }

  /** The queue and its spec by manifest name; an unknown name is a manifest bug. */
  get(name: string): { queue: Queue; dlq: Queue; spec: QueueSpec } {
    const entry = this.byName.get(name);
    if (!entry) throw new Error(`Unknown queue ${name}: manifestProblems() should have caught it`);
    return entry;
  }

  /** Every DLQ, keyed by queue name (for alarms). */
  deadLetterQueues(): { name: string; dlq: Queue }[] {
    return [...this.byName.entries()].map(([name, { dlq }]) => ({ name, dlq }));
  }

  /**
   * Makes `fn` the consumer of the trigger's queue with partial batch responses, so one bad
   * message is retried alone. Lambda refuses a function timeout above the visibility timeout.
   */
  consume(fn: LambdaFunction, trigger: QueueTrigger): void {
    const { queue, spec } = this.get(trigger.queue);
    const timeout = fn.timeout?.toSeconds() ?? 0;
    if (timeout > spec.visibilityTimeoutSeconds)
      throw new Error(
        `${fn.node.path}: timeout ${timeout}s exceeds the visibility timeout of queue ${trigger.queue} ` +
          `(${spec.visibilityTimeoutSeconds}s); SQS would redeliver messages still being processed`,
      );
    fn.addEventSource(
      new SqsEventSource(queue, {
        batchSize: trigger.batchSize,
        reportBatchItemFailures: true,
        maxBatchingWindow: trigger.batchSize > 10 ? LARGE_BATCH_WINDOW : undefined,
      }),
    );
  }
}
