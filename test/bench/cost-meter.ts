/**
 * Counts the billable operations of the handlers run by the local runtime, in this process:
 * middlewares on the container's own SDK clients (shared/store/aws-clients.ts), which every
 * handler here shares, the runtime's `onInvoked` hook for Lambda, and stdout for the log
 * bytes. Bench-only: production never installs any of it.
 *
 * - DynamoDB: every command asks for `ReturnConsumedCapacity: 'TOTAL'` and the units DynamoDB
 *   Local answers are added up; Scan's separately. A conditional write that fails answers no
 *   capacity but is billed: 1 write unit (2 per item of a cancelled transaction).
 * - KMS: locally tokens are sealed on a raw AES keyring, so the calls KMS would get are
 *   counted where they happen: each read of a sealed-token item is opened (one Decrypt), each
 *   write of one was sealed (one GenerateDataKey). The vault's per-container cache is the
 *   real one, so a token opened a moment ago costs no Decrypt, as in AWS.
 * - SQS: sends by the handlers, each billed per 64 KB chunk; per queue-triggered invocation
 *   one ReceiveMessage and one DeleteMessageBatch, what Lambda's event source makes for it.
 * - Lambda: invocations and their durations from the runtime's hook, by function.
 */
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { FinishedInvocation } from '../../infra/local/runtime';
import { dynamoDocumentClient, s3Client, secretsClient, sqsClient } from '../../shared/store/aws-clients';
import { appKeys } from '../../shared/store/dynamodb/app-table';
import { billedMs, emptyUsage, sqsBilledRequests, type Usage } from './cost-model';

const METER = 'benchCostMeter';
const TOKEN_CIPHER_PREFIX = appKeys.tokenCipher('');

const DYNAMO_READS = new Set([
  'GetItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'TransactGetItemsCommand',
]);
const DYNAMO_WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);
const S3_TIER_1 = /^(Put|Post|Copy|List|CreateMultipartUpload|UploadPart|CompleteMultipartUpload)/;

type Input = Record<string, unknown>;

export class CostMeter {
  private usage = emptyUsage();
  private running = false;
  /** Custom metrics (namespace, name, dimension names) seen in EMF lines while running. */
  readonly customMetrics = new Set<string>();
  private readonly detach: (() => void)[] = [];

  /** Starts counting afresh. */
  start(): void {
    this.usage = emptyUsage();
    this.running = true;
  }

  /** Stops and returns what was counted since `start`. */
  stop(): Usage {
    this.running = false;
    return this.usage;
  }

  /** Stops counting for a while (unmetered set-up between occurrences); `resume` goes on. */
  pause(): void {
    this.running = false;
  }

  resume(): void {
    this.running = true;
  }

  /** For `startLocalRuntime({ onInvoked })`. */
  readonly onInvoked = ({ fn, event, durationMs }: FinishedInvocation): void => {
    if (!this.running) return;
    const run = this.usage.lambda[fn.name] ?? { invocations: 0, billedMs: 0 };
    this.usage.lambda[fn.name] = {
      invocations: run.invocations + 1,
      billedMs: run.billedMs + billedMs(durationMs),
    };
    if (fn.triggers.some((t) => t.kind === 'http') && hasRequestContext(event))
      this.usage.httpApiRequests += 1;
    if (isSqsEvent(event)) this.usage.sqsRequests += 2;
  };

  /** Installs the middlewares and the stdout tap; `release` takes them off. */
  install(): void {
    const dynamo = dynamoDocumentClient().middlewareStack;
    dynamo.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? '';
        const input = args.input as Input;
        const metered = this.running && (DYNAMO_READS.has(command) || DYNAMO_WRITES.has(command));
        if (metered) input.ReturnConsumedCapacity = 'TOTAL';
        try {
          const result = await next(args);
          if (metered) this.dynamoAnswered(command, input, result.output as Input);
          return result;
        } catch (err: unknown) {
          if (metered) this.dynamoRefused(command, input, err);
          throw err;
        }
      },
      { step: 'initialize', name: METER },
    );
    this.detach.push(() => dynamo.remove(METER));

    const sqs = sqsClient().middlewareStack;
    sqs.add(
      (next, context) => async (args) => {
        if (this.running) this.sqsSent(context.commandName ?? '', args.input as Input);
        return next(args);
      },
      { step: 'initialize', name: METER },
    );
    this.detach.push(() => sqs.remove(METER));

    const secrets = secretsClient().middlewareStack;
    secrets.add(
      (next) => async (args) => {
        if (this.running) this.usage.secretsManagerCalls += 1;
        return next(args);
      },
      { step: 'initialize', name: METER },
    );
    this.detach.push(() => secrets.remove(METER));

    const s3 = s3Client().middlewareStack;
    s3.add(
      (next, context) => async (args) => {
        if (this.running) {
          if (S3_TIER_1.test(context.commandName ?? '')) this.usage.s3Tier1Requests += 1;
          else this.usage.s3Tier2Requests += 1;
        }
        return next(args);
      },
      { step: 'initialize', name: METER },
    );
    this.detach.push(() => s3.remove(METER));

    // Log lines go to stdout in Lambda (CloudWatch Logs ingests them); here they are counted
    // and dropped, so the bench's own stdout stays one JSON object.
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (!looksLikeLogLine(text)) return write(chunk, ...(rest as []));
      if (this.running) {
        this.usage.appLogBytes += Buffer.byteLength(text);
        this.noteMetrics(text);
      }
      const callback = rest.find((r): r is () => void => typeof r === 'function');
      callback?.();
      return true;
    }) as typeof process.stdout.write;
    this.detach.push(() => {
      process.stdout.write = write;
    });
  }

  release(): void {
    for (const undo of this.detach.splice(0).reverse()) undo();
  }

  private dynamoAnswered(command: string, input: Input, output: Input): void {
    const consumed = output.ConsumedCapacity as ConsumedCapacity | ConsumedCapacity[] | undefined;
    for (const c of consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed]) {
      const total = c.CapacityUnits ?? 0;
      const read = c.ReadCapacityUnits ?? (DYNAMO_READS.has(command) ? total : 0);
      const write = c.WriteCapacityUnits ?? (DYNAMO_WRITES.has(command) ? total : 0);
      this.usage.dynamoReadUnits += read;
      this.usage.dynamoWriteUnits += write;
      if (command === 'ScanCommand') this.usage.dynamoScanReadUnits += read;
    }
    if (command === 'GetItemCommand' && isTokenCipherKey(input.Key) && output.Item !== undefined)
      this.usage.kmsDecrypt += 1;
    if (command === 'PutItemCommand' && isTokenCipherKey(input.Item)) this.usage.kmsGenerateDataKey += 1;
  }

  private dynamoRefused(command: string, input: Input, err: unknown): void {
    const name = err instanceof Error ? err.name : '';
    if (name === 'ConditionalCheckFailedException' && DYNAMO_WRITES.has(command)) {
      this.usage.dynamoWriteUnits += 1;
      // The token was sealed before the refused write: GenerateDataKey was called all the same.
      if (command === 'PutItemCommand' && isTokenCipherKey(input.Item)) this.usage.kmsGenerateDataKey += 1;
    }
    if (name === 'TransactionCanceledException') {
      const items = Array.isArray(input.TransactItems) ? input.TransactItems.length : 1;
      this.usage.dynamoWriteUnits += 2 * items;
    }
  }

  private sqsSent(command: string, input: Input): void {
    if (command === 'SendMessageCommand') this.usage.sqsRequests += sqsBilledRequests(payloadBytes(input));
    if (command === 'SendMessageBatchCommand') {
      const entries = Array.isArray(input.Entries) ? (input.Entries as Input[]) : [];
      this.usage.sqsRequests += sqsBilledRequests(entries.reduce((n, e) => n + payloadBytes(e), 0));
    }
  }

  private noteMetrics(text: string): void {
    for (const line of text.split('\n')) {
      if (!line.includes('"_aws"')) continue;
      const parsed = safeJson(line) as {
        _aws?: {
          CloudWatchMetrics?: {
            Namespace?: string;
            Dimensions?: string[][];
            Metrics?: { Name?: string }[];
          }[];
        };
      };
      for (const directive of parsed?._aws?.CloudWatchMetrics ?? [])
        for (const metric of directive.Metrics ?? [])
          for (const dimensions of directive.Dimensions ?? [[]])
            this.customMetrics.add(`${directive.Namespace}/${metric.Name}[${dimensions.join(',')}]`);
    }
  }
}

/** A Powertools log or EMF line: one JSON object per line. */
function looksLikeLogLine(text: string): boolean {
  return text.startsWith('{') && (text.includes('"level"') || text.includes('"_aws"'));
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function isTokenCipherKey(key: unknown): boolean {
  if (typeof key !== 'object' || key === null) return false;
  const sk = (key as { sk?: unknown }).sk;
  const value = typeof sk === 'object' && sk !== null ? (sk as { S?: unknown }).S : sk;
  return typeof value === 'string' && value.startsWith(TOKEN_CIPHER_PREFIX);
}

function hasRequestContext(event: unknown): boolean {
  return typeof event === 'object' && event !== null && 'requestContext' in event;
}

function isSqsEvent(event: unknown): boolean {
  const records = (event as { Records?: { eventSource?: string }[] } | null)?.Records;
  return Array.isArray(records) && records[0]?.eventSource === 'aws:sqs';
}

/** What SQS counts of a message: its body and its attributes (names, types, values). */
function payloadBytes(message: Input): number {
  let bytes = typeof message.MessageBody === 'string' ? Buffer.byteLength(message.MessageBody) : 0;
  const attributes = (message.MessageAttributes ?? {}) as Record<
    string,
    { DataType?: string; StringValue?: string }
  >;
  for (const [name, value] of Object.entries(attributes))
    bytes +=
      Buffer.byteLength(name) +
      Buffer.byteLength(value.DataType ?? '') +
      Buffer.byteLength(value.StringValue ?? '');
  return bytes;
}
