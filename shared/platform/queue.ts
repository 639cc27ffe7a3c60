import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { MAX_DELAY_SECONDS, sendJson } from '../store/queue';
import { resourceName } from './config';
import { errorFields } from './error-fields';
import { AppError } from './errors';
import { logger, metrics } from './observability';
import { publishMetrics } from './publish-metrics';

/**
 * Thrown by a consumer whose work must wait longer than it may sleep (a Meta throttle):
 * the stack puts `resume` back on the queue with that delay and the record counts as done,
 * so the wait is not one of the queue's receives. Waits over 900 s are chained.
 */
export class DeferError extends AppError {
  readonly status = 503;
  readonly code = 'deferred';
  constructor(
    readonly delaySeconds: number,
    readonly resume: Record<string, unknown>,
    reason: string,
  ) {
    super(reason);
  }
}

/** Envelope field that carries the rest of a chained wait. */
const DEFER_UNTIL = '__deferUntil';

export interface QueueMessage<T> {
  body: T;
  record: SQSRecord;
  /** How many times SQS handed this message out (1 on the first try). */
  receiveCount: number;
  /** Milliseconds until the invocation times out: work that may outlast it checkpoints and defers. */
  remainingMs: () => number;
}

/** Without a Lambda context (a direct call in a test), the deadline is far away. */
const NO_DEADLINE_MS = 15 * 60 * 1000;

/**
 * The one middy stack for SQS consumers: each record's JSON body is parsed with `schema`,
 * records are processed independently, failures are reported as `batchItemFailures` (only
 * they are redelivered), and a `DeferError` requeues its resume point with a delay.
 * @example export const handler = queueConsumer({ schema, queueEnvVar: 'QUEUE_URL_SYNC_TASKS' }, async ({ body }) => work(body));
 */
export function queueConsumer<S extends z.ZodType>(
  options: { schema: S; queueEnvVar: string },
  handle: (message: QueueMessage<z.output<S>>) => Promise<void>,
) {
  const processor = new BatchProcessor(EventType.SQS);

  const processRecord = async (record: SQSRecord, context: Context | undefined): Promise<void> => {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
    let json: unknown;
    try {
      json = JSON.parse(record.body);
    } catch {
      logger.error('message is not JSON; it will reach the DLQ', { messageId: record.messageId });
      throw new Error('message body is not JSON');
    }
    const { payload, deferUntil } = unwrapDeferral(json);
    const remainingSeconds = deferUntil === undefined ? 0 : (deferUntil - Date.now()) / 1000;
    if (remainingSeconds > 1) {
      await defer(
        new DeferError(remainingSeconds, payload as Record<string, unknown>, 'chained wait'),
        options.queueEnvVar,
      );
      return;
    }
    const parsed = options.schema.safeParse(payload);
    if (!parsed.success) {
      logger.error('message does not match its schema; it will reach the DLQ', {
        messageId: record.messageId,
        issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      });
      throw new Error('message body does not match its schema');
    }
    try {
      const remainingMs = () => context?.getRemainingTimeInMillis?.() ?? NO_DEADLINE_MS;
      await handle({ body: parsed.data, record, receiveCount, remainingMs });
    } catch (err: unknown) {
      if (!(err instanceof DeferError)) {
        logger.warn('message failed; SQS will redeliver it', {
          messageId: record.messageId,
          receiveCount,
          error: errorFields(err),
        });
        throw err;
      }
      await defer(err, options.queueEnvVar);
      metrics.addMetric('MessagesDeferred', 'Count', 1);
      logger.info('message deferred', {
        messageId: record.messageId,
        delaySeconds: err.delaySeconds,
        reason: err.message,
      });
    }
  };

  const core = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, (record: SQSRecord) => processRecord(record, context), processor, {
      context,
    });

  return middy(core).use(injectLambdaContext(logger)).use(publishMetrics());
}

async function defer(err: DeferError, queueEnvVar: string): Promise<void> {
  const delay = Math.max(1, Math.ceil(err.delaySeconds));
  const body =
    delay > MAX_DELAY_SECONDS ? { ...err.resume, [DEFER_UNTIL]: Date.now() + delay * 1000 } : err.resume;
  await sendJson(resourceName(queueEnvVar), body, Math.min(delay, MAX_DELAY_SECONDS));
}

/** Splits a chained wait's envelope field from the message it carries. */
export function unwrapDeferral(json: unknown): { payload: unknown; deferUntil?: number } {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !(DEFER_UNTIL in json))
    return { payload: json };
  const { [DEFER_UNTIL]: until, ...payload } = json as Record<string, unknown>;
  return { payload, deferUntil: Number(until) };
}
