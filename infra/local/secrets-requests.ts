import * as z from 'zod';

/** Secrets Manager caps a secret value at 64 KiB. */
const MAX_SECRET_BYTES = 65_536;

const secretId = z.string().min(1).max(2048);
const clientRequestToken = z.string().min(32).max(64);
const secretString = z
  .string()
  .refine((s) => Buffer.byteLength(s) <= MAX_SECRET_BYTES, 'SecretString is larger than 65536 bytes');
/** Binary values travel base64-encoded in the JSON protocol. */
const secretBinary = z
  .base64()
  .refine(
    (s) => Buffer.from(s, 'base64').length <= MAX_SECRET_BYTES,
    'SecretBinary is larger than 65536 bytes',
  );
const tag = z.object({ Key: z.string().min(1).max(128), Value: z.string().max(256) });

/** The request body of each supported operation, as the AWS SDK sends it. */
export const secretsRequests = {
  CreateSecret: z.object({
    Name: z
      .string()
      .min(1)
      .max(512)
      .regex(/^[A-Za-z0-9/_+=.@-]+$/, 'Name has characters Secrets Manager refuses'),
    ClientRequestToken: clientRequestToken.optional(),
    Description: z.string().max(2048).optional(),
    KmsKeyId: z.string().optional(),
    SecretString: secretString.optional(),
    SecretBinary: secretBinary.optional(),
    Tags: z.array(tag).optional(),
  }),
  GetSecretValue: z.object({
    SecretId: secretId,
    VersionId: z.string().optional(),
    VersionStage: z.string().optional(),
  }),
  PutSecretValue: z.object({
    SecretId: secretId,
    ClientRequestToken: clientRequestToken.optional(),
    SecretString: secretString.optional(),
    SecretBinary: secretBinary.optional(),
    VersionStages: z.array(z.string().min(1).max(256)).min(1).max(20).optional(),
  }),
  UpdateSecret: z.object({
    SecretId: secretId,
    ClientRequestToken: clientRequestToken.optional(),
    Description: z.string().max(2048).optional(),
    KmsKeyId: z.string().optional(),
    SecretString: secretString.optional(),
    SecretBinary: secretBinary.optional(),
  }),
  DeleteSecret: z.object({
    SecretId: secretId,
    RecoveryWindowInDays: z.number().int().optional(),
    ForceDeleteWithoutRecovery: z.boolean().optional(),
  }),
  RestoreSecret: z.object({ SecretId: secretId }),
  DescribeSecret: z.object({ SecretId: secretId }),
  ListSecrets: z.object({
    MaxResults: z.number().int().min(1).max(100).optional(),
    NextToken: z.string().optional(),
    IncludePlannedDeletion: z.boolean().optional(),
    SortOrder: z.enum(['asc', 'desc']).optional(),
    Filters: z
      .array(
        z.object({
          Key: z.enum([
            'description',
            'name',
            'tag-key',
            'tag-value',
            'primary-region',
            'owning-service',
            'all',
          ]),
          Values: z.array(z.string().min(1).max(512)).min(1).max(10),
        }),
      )
      .optional(),
  }),
} as const;

export type SecretsOperation = keyof typeof secretsRequests;
export type SecretsRequest<Op extends SecretsOperation> = z.output<(typeof secretsRequests)[Op]>;

export function isSecretsOperation(name: string): name is SecretsOperation {
  return Object.hasOwn(secretsRequests, name);
}
