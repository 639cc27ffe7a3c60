import type { Manifest } from '../../infra/manifest';

/**
 * A manifest with one function per trigger kind and every kind of access, for the stack
 * tests. The entries are real handler files so bundling works if a test turns it on.
 */
export const fixtureManifest: Manifest = {
  tables: {
    app: { envVar: 'TABLE_APP', partitionKey: 'pk', sortKey: 'sk', ttlAttribute: 'ttl' },
    metrics: { envVar: 'TABLE_METRICS', partitionKey: 'pk', sortKey: 'sk' },
  },
  queues: {
    work: { envVar: 'QUEUE_URL_WORK', visibilityTimeoutSeconds: 180, maxReceiveCount: 3 },
    events: { envVar: 'QUEUE_URL_EVENTS', visibilityTimeoutSeconds: 60, maxReceiveCount: 5 },
  },
  buckets: {
    staging: { envVar: 'BUCKET_STAGING', expireAfterDays: 7 },
  },
  secrets: {
    metaApp: { envVar: 'META_APP_SECRET_ARN', description: 'Meta app id and app secret' },
    webhookKeys: { envVar: 'META_WEBHOOK_KEYS_SECRET_ARN', description: 'Webhook verify token and keys' },
  },
  functions: [
    {
      name: 'health',
      entry: 'functions/platform/health.ts',
      description: 'public route, no access at all',
      triggers: [{ kind: 'http', method: 'GET', path: '/health', auth: 'public' }],
      memoryMb: 256,
      reservedConcurrency: 5,
      access: {},
    },
    {
      name: 'list-things',
      entry: 'functions/platform/health.ts',
      description: 'jwt routes reading a table',
      triggers: [
        { kind: 'http', method: 'GET', path: '/things', auth: 'jwt' },
        { kind: 'http', method: 'GET', path: '/things/{thingId}', auth: 'jwt' },
      ],
      access: { tables: [{ name: 'app', mode: 'read' }] },
    },
    {
      name: 'connect',
      entry: 'functions/platform/health.ts',
      description: 'jwt route talking to Meta with token secrets',
      triggers: [{ kind: 'http', method: 'POST', path: '/connect', auth: 'jwt' }],
      access: {
        tables: [{ name: 'app', mode: 'readWrite' }],
        secrets: ['metaApp'],
        tokenSecrets: 'manage',
        meta: true,
      },
    },
    {
      name: 'meta-webhook',
      entry: 'functions/platform/health.ts',
      description: 'function URL that enqueues',
      triggers: [{ kind: 'functionUrl', localPath: '/webhooks/meta' }],
      reservedConcurrency: 50,
      access: { sendTo: ['events'], secrets: ['webhookKeys'] },
    },
    {
      name: 'worker',
      entry: 'functions/platform/health.ts',
      description: 'queue consumer',
      triggers: [{ kind: 'queue', queue: 'work', batchSize: 5 }],
      timeoutSeconds: 30,
      memoryMb: 1024,
      access: {
        tables: [
          { name: 'app', mode: 'readWrite' },
          { name: 'metrics', mode: 'readWrite' },
        ],
        sendTo: ['work'],
        tokenSecrets: 'read',
      },
    },
    {
      name: 'ticker',
      entry: 'functions/platform/health.ts',
      description: 'schedule that enqueues',
      triggers: [{ kind: 'schedule', name: 'hourly-refresh', expression: 'rate(1 hour)' }],
      access: { sendTo: ['work'] },
    },
    {
      name: 'upload-uploader',
      entry: 'functions/platform/health.ts',
      description: 'jwt route signing presigned POSTs',
      triggers: [{ kind: 'http', method: 'POST', path: '/uploads', auth: 'jwt' }],
      access: { buckets: [{ name: 'staging', mode: 'readWrite' }] },
    },
    {
      name: 'upload-checker',
      entry: 'functions/platform/health.ts',
      description: 'S3 object-created consumer',
      triggers: [{ kind: 's3', bucket: 'staging', prefix: 'uploads/' }],
      access: { buckets: [{ name: 'staging', mode: 'read' }] },
    },
  ],
};
