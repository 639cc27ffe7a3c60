/**
 * What runtime code needs of the system's resources: the tables, queues, staging bucket and
 * secrets with the env variable that carries each one's name, and who may call a route. The
 * manifest (infra/manifest.ts) lists the functions with these; a handler imports this file,
 * never the manifest, which builds every route contract of the API (~13 ms at each cold start).
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route: `user` = a dashboard JWT whose actor is a user (agents get 403
 * `agent_control_denied`), `jwt` = any dashboard JWT (user or agent), `public` = no token.
 * Declared once, in the route's contract (shared/contracts); the manifest's trigger and the
 * handler read it from there.
 */
export type RouteAuth = 'user' | 'jwt' | 'public';

/** Whether the route needs the JWT authorizer (`user` and `jwt` routes carry the §5 claims). */
export function routeNeedsJwt(auth: RouteAuth): boolean {
  return auth !== 'public';
}

export interface TableSpec {
  /** Env variable that carries the table name to the functions. */
  envVar: string;
  partitionKey: string;
  sortKey?: string;
  /** Attribute holding epoch seconds after which the item is dead (checked in code too). */
  ttlAttribute?: string;
}

export interface QueueSpec {
  /** Env variable that carries the queue URL to the functions. */
  envVar: string;
  visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the queue's DLQ. */
  maxReceiveCount: number;
}

export interface BucketSpec {
  envVar: string;
  /** Objects expire this many days after upload. */
  expireAfterDays: number;
  /**
   * ObjectCreated events under `prefix` go to this queue (S3 → SQS, so a failed ingest is
   * redelivered and ends in the queue's DLQ, and the consumer can requeue itself with a delay).
   */
  objectCreated?: { queue: string; prefix: string };
}

export interface SecretSpec {
  /** Env variable that carries the secret's ARN (AWS) or name (local). */
  envVar: string;
  description: string;
}

export const tables = {
  app: { envVar: 'TABLE_APP', partitionKey: 'pk', sortKey: 'sk', ttlAttribute: 'ttl' },
  idempotency: { envVar: 'TABLE_IDEMPOTENCY', partitionKey: 'id', ttlAttribute: 'expiration' },
  dailyMetrics: { envVar: 'TABLE_DAILY_METRICS', partitionKey: 'pk', sortKey: 'sk' },
} as const satisfies Record<string, TableSpec>;
export type TableName = keyof typeof tables;

export const queues = {
  syncTasks: { envVar: 'QUEUE_URL_SYNC_TASKS', visibilityTimeoutSeconds: 180, maxReceiveCount: 5 },
  webhookEvents: { envVar: 'QUEUE_URL_WEBHOOK_EVENTS', visibilityTimeoutSeconds: 60, maxReceiveCount: 5 },
  tokenRefresh: { envVar: 'QUEUE_URL_TOKEN_REFRESH', visibilityTimeoutSeconds: 180, maxReceiveCount: 5 },
  createFollowUps: {
    envVar: 'QUEUE_URL_CREATE_FOLLOW_UPS',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
  },
  /**
   * Staged files to move to Meta. The visibility timeout is a little over the ingest's
   * timeout: a crashed ingest's message comes back soon, and it resumes from its checkpoint.
   */
  uploadIngest: { envVar: 'QUEUE_URL_UPLOAD_INGEST', visibilityTimeoutSeconds: 150, maxReceiveCount: 8 },
  /**
   * Insights plans and pieces. A little over the consumer's timeout, like the ingest: a crashed
   * piece comes back soon. Waits (report-run polls, throttles) are new delayed messages, not
   * receives, so 8 receives are 8 crashes.
   */
  insightsPull: { envVar: 'QUEUE_URL_INSIGHTS_PULL', visibilityTimeoutSeconds: 150, maxReceiveCount: 8 },
} as const satisfies Record<string, QueueSpec>;
export type QueueName = keyof typeof queues;

export const buckets = {
  staging: {
    envVar: 'BUCKET_STAGING',
    expireAfterDays: 7,
    objectCreated: { queue: 'uploadIngest', prefix: 'uploads/' },
  },
} as const satisfies Record<string, BucketSpec>;
export type BucketName = keyof typeof buckets;

export const secrets = {
  metaApp: { envVar: 'META_APP_SECRET_ARN', description: 'Meta app id and app secret' },
  webhookKeys: {
    envVar: 'META_WEBHOOK_KEYS_SECRET_ARN',
    description: 'Webhook verify token and X-Hub-Signature-256 signing keys (current, previous, rotatedAt)',
  },
} as const satisfies Record<string, SecretSpec>;
export type SecretName = keyof typeof secrets;
