/**
 * The cost bench's pure side: what one workspace's work costs in AWS, from the billable
 * operations counted on the local runtime. No I/O. Bench logic only: no function bundles it.
 * Free tiers are ignored throughout (a stack at scale is past them).
 */

/** A list price of us-east-1, where it was read and when. */
export interface ListPrice {
  usd: number;
  per: string;
  source: string;
  checked: string;
}

const CHECKED = '2026-12-03';

/** us-east-1 list prices, on-demand, no free tier, no Savings Plan. */
export const PRICES = {
  dynamoReadUnit: {
    usd: 0.125 / 1e6,
    per: 'read request unit (on-demand, Standard table class)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    checked: CHECKED,
  },
  dynamoWriteUnit: {
    usd: 0.625 / 1e6,
    per: 'write request unit (on-demand, Standard table class)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    checked: CHECKED,
  },
  dynamoStorageGbMonth: {
    usd: 0.25,
    per: 'GB-month of table storage (Standard table class)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    checked: CHECKED,
  },
  sqsRequest: {
    usd: 0.4 / 1e6,
    per: 'standard-queue request (each 64 KB chunk of a payload is one request)',
    source: 'https://aws.amazon.com/sqs/pricing/',
    checked: CHECKED,
  },
  lambdaRequest: {
    usd: 0.2 / 1e6,
    per: 'Lambda invocation',
    source: 'https://aws.amazon.com/lambda/pricing/',
    checked: CHECKED,
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    per: 'GB-second of arm64 duration (first 7.5 billion GB-s a month), INIT included',
    source: 'https://aws.amazon.com/lambda/pricing/',
    checked: CHECKED,
  },
  kmsKeyMonth: {
    usd: 1,
    per: 'customer-managed KMS key-month',
    source: 'https://aws.amazon.com/kms/pricing/',
    checked: CHECKED,
  },
  kmsRequest: {
    usd: 0.03 / 1e4,
    per: 'KMS request (GenerateDataKey, Decrypt)',
    source: 'https://aws.amazon.com/kms/pricing/',
    checked: CHECKED,
  },
  secretMonth: {
    usd: 0.4,
    per: 'Secrets Manager secret-month',
    source: 'https://aws.amazon.com/secrets-manager/pricing/',
    checked: CHECKED,
  },
  secretsManagerCall: {
    usd: 0.05 / 1e4,
    per: 'Secrets Manager API call',
    source: 'https://aws.amazon.com/secrets-manager/pricing/',
    checked: CHECKED,
  },
  httpApiRequest: {
    usd: 1 / 1e6,
    per: 'HTTP API request (first 300 million a month)',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    checked: CHECKED,
  },
  logsIngestedGb: {
    usd: 0.5,
    per: 'GB of CloudWatch Logs ingested (Standard class)',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    checked: CHECKED,
  },
  logsStoredGbMonth: {
    usd: 0.03,
    per: 'GB-month of CloudWatch Logs kept',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    checked: CHECKED,
  },
  alarmMonth: {
    usd: 0.1,
    per: 'standard-resolution CloudWatch alarm metric-month',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    checked: CHECKED,
  },
  customMetricMonth: {
    usd: 0.3,
    per: 'CloudWatch custom metric-month (first 10 000; EMF metrics count as custom metrics)',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    checked: CHECKED,
  },
  xrayTrace: {
    usd: 5 / 1e6,
    per: 'X-Ray trace recorded (functions run with active tracing)',
    source: 'https://aws.amazon.com/xray/pricing/',
    checked: CHECKED,
  },
  scheduledRuleInvocation: {
    usd: 0,
    per: 'EventBridge scheduled-rule event (rules on the default bus: no charge; the target is billed)',
    source: 'https://aws.amazon.com/eventbridge/pricing/',
    checked: CHECKED,
  },
  s3Tier1Request: {
    usd: 0.005 / 1e3,
    per: 'S3 Standard PUT, COPY, POST or LIST request',
    source: 'https://aws.amazon.com/s3/pricing/',
    checked: CHECKED,
  },
  s3Tier2Request: {
    usd: 0.0004 / 1e3,
    per: 'S3 Standard GET or other request',
    source: 'https://aws.amazon.com/s3/pricing/',
    checked: CHECKED,
  },
} as const satisfies Record<string, ListPrice>;

export type PriceTable = { [K in keyof typeof PRICES]: ListPrice };

/** The modelling assumptions that are not measured, stated once. */
export const ASSUMPTIONS = {
  /** Share of invocations that start a new execution environment (billed INIT). */
  coldStartRatio: 0.1,
  /** START, END and REPORT lines (REPORT with the X-Ray segment and, cold, the init duration). */
  lambdaPlatformLogBytes: 450,
  /** One HTTP API access-log line in the stack's JSON format. */
  httpApiAccessLogBytes: 300,
  /** Log groups keep three months (prod): a month's ingestion is stored for three. */
  logStoredMonths: 3,
  /**
   * Lambda's SQS event source polls each queue with 5 long polls of 20 s even when it is idle:
   * 15 ReceiveMessage a minute per queue, billed like any request.
   */
  idleReceivesPerQueueMonth: 5 * 3 * 60 * 24 * 30,
  /** A cached secret is read again after 5 minutes (Powertools `maxAge` 300 s). */
  secretReadsPerWarmContainerMonth: 12 * 24 * 30,
} as const;

export const DAYS_PER_MONTH = 30;
const SQS_CHUNK_BYTES = 64 * 1024;
const GB = 1024 ** 3;

/** What Lambda bills of one function's runs. */
export interface LambdaUsage {
  invocations: number;
  /** Duration rounded up to the millisecond per invocation, summed. */
  billedMs: number;
}

/** Billable operations, of one occurrence of some work or summed over a month. */
export interface Usage {
  /** All read units, Scan's included. */
  dynamoReadUnits: number;
  dynamoWriteUnits: number;
  /** The read units of Scan calls alone. */
  dynamoScanReadUnits: number;
  sqsRequests: number;
  lambda: Record<string, LambdaUsage>;
  kmsGenerateDataKey: number;
  kmsDecrypt: number;
  secretsManagerCalls: number;
  httpApiRequests: number;
  s3Tier1Requests: number;
  s3Tier2Requests: number;
  /** Application log bytes (Powertools lines and EMF metrics), platform lines not included. */
  appLogBytes: number;
}

export function emptyUsage(): Usage {
  return {
    dynamoReadUnits: 0,
    dynamoWriteUnits: 0,
    dynamoScanReadUnits: 0,
    sqsRequests: 0,
    lambda: {},
    kmsGenerateDataKey: 0,
    kmsDecrypt: 0,
    secretsManagerCalls: 0,
    httpApiRequests: 0,
    s3Tier1Requests: 0,
    s3Tier2Requests: 0,
    appLogBytes: 0,
  };
}

type CountKey = Exclude<keyof Usage, 'lambda'>;
const COUNT_KEYS = Object.keys(emptyUsage()).filter((k): k is CountKey => k !== 'lambda');

/** `a` + `factor` × `b`, function by function for Lambda. */
export function addUsage(a: Usage, b: Usage, factor = 1): Usage {
  const sum = { ...a, lambda: { ...a.lambda } };
  for (const key of COUNT_KEYS) sum[key] = a[key] + factor * b[key];
  for (const [name, run] of Object.entries(b.lambda)) {
    const before = sum.lambda[name] ?? { invocations: 0, billedMs: 0 };
    sum.lambda[name] = {
      invocations: before.invocations + factor * run.invocations,
      billedMs: before.billedMs + factor * run.billedMs,
    };
  }
  return sum;
}

/** `usage` × `factor` (an average over several runs is `scaleUsage(total, 1 / runs)`). */
export function scaleUsage(usage: Usage, factor: number): Usage {
  return addUsage(emptyUsage(), usage, factor);
}

/**
 * SQS requests a send is billed as: every 64 KB chunk of its payload (a batch's payloads
 * together) is one request.
 * @example sqsBilledRequests(70_000) // 2
 */
export function sqsBilledRequests(payloadBytes: number): number {
  return Math.max(1, Math.ceil(payloadBytes / SQS_CHUNK_BYTES));
}

/** Lambda bills duration in whole milliseconds, rounded up. */
export function billedMs(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs));
}

/** GB-seconds of `ms` at `memoryMb`. @example gbSeconds(1000, 512) // 0.5 */
export function gbSeconds(ms: number, memoryMb: number): number {
  return (ms / 1000) * (memoryMb / 1024);
}

/** Some work measured once (averaged over its runs) and how often a month it happens. */
export interface Workload {
  name: string;
  perOccurrence: Usage;
  perMonth: number;
}

/** The month of one workspace: each workload's occurrence × its monthly count. */
export function monthlyUsage(workloads: readonly Workload[]): Usage {
  return workloads.reduce((month, w) => addUsage(month, w.perOccurrence, w.perMonth), emptyUsage());
}

/** What a function costs to run, per the manifest and the measured cold start. */
export interface FunctionProfile {
  memoryMb: number;
  /** The handler's share of a cold start (its bundle's import), ms. */
  initMs: number;
}

/** USD by component. */
export type Costs = Record<string, number>;

/** Sum of a cost breakdown. */
export function totalUsd(costs: Costs): number {
  return Object.values(costs).reduce((sum, usd) => sum + usd, 0);
}

/**
 * The usage-driven cost of `usage`: each billable operation at its list price. Lambda INIT is
 * billed on `coldStartRatio` of the invocations; logs are the app's bytes plus the platform's
 * lines per invocation and an access-log line per HTTP API request; each invocation records
 * one X-Ray trace (sampling keeps nearly every one at these rates).
 */
export function usageCosts(
  usage: Usage,
  functions: Readonly<Record<string, FunctionProfile>>,
  prices: PriceTable = PRICES,
  assumptions: typeof ASSUMPTIONS = ASSUMPTIONS,
): Costs {
  let durationGbs = 0;
  let initGbs = 0;
  let invocations = 0;
  for (const [name, run] of Object.entries(usage.lambda)) {
    const profile = functions[name];
    if (!profile) throw new Error(`no memory size or init time for function ${name}`);
    invocations += run.invocations;
    durationGbs += gbSeconds(run.billedMs, profile.memoryMb);
    initGbs += gbSeconds(run.invocations * assumptions.coldStartRatio * profile.initMs, profile.memoryMb);
  }
  const logBytes =
    usage.appLogBytes +
    invocations * assumptions.lambdaPlatformLogBytes +
    usage.httpApiRequests * assumptions.httpApiAccessLogBytes;
  return {
    dynamoDbRequests:
      usage.dynamoReadUnits * prices.dynamoReadUnit.usd + usage.dynamoWriteUnits * prices.dynamoWriteUnit.usd,
    sqs: usage.sqsRequests * prices.sqsRequest.usd,
    lambdaRequests: invocations * prices.lambdaRequest.usd,
    lambdaDuration: durationGbs * prices.lambdaArmGbSecond.usd,
    lambdaInit: initGbs * prices.lambdaArmGbSecond.usd,
    kmsRequests: (usage.kmsGenerateDataKey + usage.kmsDecrypt) * prices.kmsRequest.usd,
    secretsManagerCalls: usage.secretsManagerCalls * prices.secretsManagerCall.usd,
    httpApi: usage.httpApiRequests * prices.httpApiRequest.usd,
    s3: usage.s3Tier1Requests * prices.s3Tier1Request.usd + usage.s3Tier2Requests * prices.s3Tier2Request.usd,
    logs:
      (logBytes / GB) *
      (prices.logsIngestedGb.usd + assumptions.logStoredMonths * prices.logsStoredGbMonth.usd),
    xray: invocations * prices.xrayTrace.usd,
  };
}

/** Storage a workspace keeps, in bytes as DynamoDB bills it. */
export function storageCostUsd(bytes: number, prices: PriceTable = PRICES): number {
  return (bytes / GB) * prices.dynamoStorageGbMonth.usd;
}

/** What the stack has once, whatever the number of workspaces. */
export interface StackInventory {
  kmsKeys: number;
  secrets: number;
  alarms: number;
  /** Queues a Lambda event source polls. */
  polledQueues: number;
  /** Distinct custom metrics (name × dimensions) the functions emit. */
  customMetrics: number;
  schedulesPerMonth: number;
}

/** The fixed monthly cost of one stack, by component. */
export function stackFixedCosts(
  inventory: StackInventory,
  prices: PriceTable = PRICES,
  assumptions: typeof ASSUMPTIONS = ASSUMPTIONS,
): Costs {
  return {
    kmsKey: inventory.kmsKeys * prices.kmsKeyMonth.usd,
    secrets: inventory.secrets * prices.secretMonth.usd,
    alarms: inventory.alarms * prices.alarmMonth.usd,
    idleQueuePolls: inventory.polledQueues * assumptions.idleReceivesPerQueueMonth * prices.sqsRequest.usd,
    customMetrics: inventory.customMetrics * prices.customMetricMonth.usd,
    schedules: inventory.schedulesPerMonth * prices.scheduledRuleInvocation.usd,
  };
}

/**
 * Secrets Manager reads of a month by the functions that cache a secret for 5 minutes: at
 * most one per warm container and secret every 5 minutes, at most one per invocation.
 * Stack-wide (the cache is the container's, not the workspace's), so it grows with the
 * workspaces until every function's container re-reads on each expiry.
 * @example secretReadsPerMonth([{ invocations: 100, secrets: 1 }]) // 100
 */
export function secretReadsPerMonth(
  functions: readonly { invocations: number; secrets: number }[],
  assumptions: typeof ASSUMPTIONS = ASSUMPTIONS,
): number {
  return functions.reduce(
    (sum, f) => sum + f.secrets * Math.min(f.invocations, assumptions.secretReadsPerWarmContainerMonth),
    0,
  );
}

/** The month of a stack serving `workspaces` alike, per workspace and in total. */
export interface ScaledCost {
  workspaces: number;
  perWorkspaceUsd: number;
  stackUsd: number;
  /** The per-stack share of each workspace (fixed costs and Secrets Manager reads). */
  sharedPerWorkspaceUsd: number;
}

/**
 * Spreads the fixed and the stack-wide costs over `workspaces`: per workspace = its own
 * usage-driven cost + (fixed + stack-wide reads) ÷ workspaces.
 */
export function costAt(
  workspaces: number,
  perWorkspaceVariableUsd: number,
  fixedUsd: number,
  stackWideUsd: (workspaces: number) => number,
): ScaledCost {
  if (!(workspaces >= 1)) throw new Error('a stack serves at least one workspace');
  const shared = fixedUsd + stackWideUsd(workspaces);
  return {
    workspaces,
    perWorkspaceUsd: perWorkspaceVariableUsd + shared / workspaces,
    stackUsd: perWorkspaceVariableUsd * workspaces + shared,
    sharedPerWorkspaceUsd: shared / workspaces,
  };
}
