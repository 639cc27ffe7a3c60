import { randomInt, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { LOCAL_ACCOUNT_ID } from './local-account';
import { SecretsError } from './secrets-error';
import type { SecretsRequest } from './secrets-requests';

const CURRENT = 'AWSCURRENT';
const PREVIOUS = 'AWSPREVIOUS';
/** Secrets Manager drops the oldest unlabelled versions beyond this many. */
const MAX_VERSIONS = 100;
const DAY_MS = 86_400_000;
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const storedVersion = z.object({
  versionId: z.string(),
  secretString: z.string().optional(),
  secretBinary: z.string().optional(),
  createdDate: z.number(),
  stages: z.array(z.string()),
});

const storedSecret = z.object({
  arn: z.string(),
  name: z.string(),
  description: z.string().optional(),
  kmsKeyId: z.string().optional(),
  tags: z.array(z.object({ Key: z.string(), Value: z.string() })),
  createdDate: z.number(),
  lastChangedDate: z.number(),
  lastAccessedDate: z.number().optional(),
  /** When DeleteSecret was called; the secret is gone for good at `deletionDate`. */
  deletedDate: z.number().optional(),
  deletionDate: z.number().optional(),
  versions: z.array(storedVersion),
});

/** The persisted form of the store (dates in epoch milliseconds). */
export const storedSecrets = z.object({ format: z.literal(1), secrets: z.array(storedSecret) });
export type StoredSecrets = z.output<typeof storedSecrets>;
type Secret = z.output<typeof storedSecret>;
type Version = z.output<typeof storedVersion>;

interface SecretValue {
  SecretString?: string;
  SecretBinary?: string;
}

/**
 * Secrets Manager's semantics over an in-memory list: ARNs with the 6-character suffix,
 * lookup by name or (partial) ARN, versions moved between AWSCURRENT and AWSPREVIOUS,
 * deletion with a recovery window or at once. Each method is one operation: it takes and returns
 * the JSON bodies of the API; errors are `SecretsError`s carrying the API error codes.
 * @example const store = new SecretStore({ region: 'us-east-1' }); store.createSecret({ Name: 'a', SecretString: 's' });
 */
export class SecretStore {
  private readonly region: string;
  private readonly now: () => number;
  private secrets: Secret[];

  constructor(options: { region: string; now?: () => number; data?: StoredSecrets }) {
    this.region = options.region;
    this.now = options.now ?? Date.now;
    this.secrets = options.data ? structuredClone(options.data.secrets) : [];
  }

  snapshot(): StoredSecrets {
    this.purgeExpired();
    return { format: 1, secrets: structuredClone(this.secrets) };
  }

  createSecret(input: SecretsRequest<'CreateSecret'>) {
    this.purgeExpired();
    const value = requestedValue(input);
    const existing = this.secrets.find((s) => s.name === input.Name);
    if (existing?.deletedDate !== undefined)
      throw new SecretsError(
        'InvalidRequestException',
        "You can't create this secret because a secret with this name is already scheduled for deletion.",
      );
    if (existing)
      throw new SecretsError(
        'ResourceExistsException',
        `The operation failed because the secret ${input.Name} already exists.`,
      );
    const now = this.now();
    const secret: Secret = {
      arn: `arn:aws:secretsmanager:${this.region}:${LOCAL_ACCOUNT_ID}:secret:${input.Name}-${randomSuffix()}`,
      name: input.Name,
      description: input.Description,
      kmsKeyId: input.KmsKeyId,
      tags: input.Tags ?? [],
      createdDate: now,
      lastChangedDate: now,
      versions: [],
    };
    this.secrets.push(secret);
    if (!value) return { ARN: secret.arn, Name: secret.name };
    const version = this.addVersion(secret, input.ClientRequestToken, value, [CURRENT]);
    return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId };
  }

  getSecretValue(input: SecretsRequest<'GetSecretValue'>) {
    const secret = this.live(input.SecretId);
    const version = input.VersionId
      ? secret.versions.find(
          (v) =>
            v.versionId === input.VersionId && (!input.VersionStage || v.stages.includes(input.VersionStage)),
        )
      : secret.versions.find((v) => v.stages.includes(input.VersionStage ?? CURRENT));
    if (!version)
      throw new SecretsError(
        'ResourceNotFoundException',
        input.VersionId
          ? `Secrets Manager can't find the specified secret value for VersionId: ${input.VersionId}`
          : `Secrets Manager can't find the specified secret value for staging label: ${input.VersionStage ?? CURRENT}`,
      );
    // Secrets Manager records the access date only, not the time.
    secret.lastAccessedDate = Math.floor(this.now() / DAY_MS) * DAY_MS;
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      ...(version.secretString !== undefined && { SecretString: version.secretString }),
      ...(version.secretBinary !== undefined && { SecretBinary: version.secretBinary }),
      VersionStages: [...version.stages],
      CreatedDate: seconds(version.createdDate),
    };
  }

  putSecretValue(input: SecretsRequest<'PutSecretValue'>) {
    const secret = this.live(input.SecretId);
    const value = requestedValue(input);
    if (!value)
      throw new SecretsError(
        'InvalidParameterException',
        'You must provide either SecretString or SecretBinary.',
      );
    const version = this.addVersion(
      secret,
      input.ClientRequestToken,
      value,
      input.VersionStages ?? [CURRENT],
    );
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      VersionStages: [...version.stages],
    };
  }

  updateSecret(input: SecretsRequest<'UpdateSecret'>) {
    const secret = this.live(input.SecretId);
    const value = requestedValue(input);
    if (input.Description !== undefined) secret.description = input.Description;
    if (input.KmsKeyId !== undefined) secret.kmsKeyId = input.KmsKeyId;
    secret.lastChangedDate = this.now();
    if (!value) return { ARN: secret.arn, Name: secret.name };
    const version = this.addVersion(secret, input.ClientRequestToken, value, [CURRENT]);
    return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId };
  }

  deleteSecret(input: SecretsRequest<'DeleteSecret'>) {
    const secret = this.find(input.SecretId);
    const force = input.ForceDeleteWithoutRecovery === true;
    if (force && input.RecoveryWindowInDays !== undefined)
      throw new SecretsError(
        'InvalidParameterException',
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
      );
    const days = input.RecoveryWindowInDays ?? 30;
    if (days < 7 || days > 30)
      throw new SecretsError(
        'InvalidParameterException',
        'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
      );
    const now = this.now();
    if (force) {
      this.secrets = this.secrets.filter((s) => s !== secret);
      return { ARN: secret.arn, Name: secret.name, DeletionDate: seconds(now) };
    }
    if (secret.deletedDate !== undefined)
      throw new SecretsError(
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was already scheduled for deletion.",
      );
    secret.deletedDate = now;
    secret.deletionDate = now + days * DAY_MS;
    return { ARN: secret.arn, Name: secret.name, DeletionDate: seconds(secret.deletionDate) };
  }

  restoreSecret(input: SecretsRequest<'RestoreSecret'>) {
    const secret = this.find(input.SecretId);
    secret.deletedDate = undefined;
    secret.deletionDate = undefined;
    secret.lastChangedDate = this.now();
    return { ARN: secret.arn, Name: secret.name };
  }

  describeSecret(input: SecretsRequest<'DescribeSecret'>) {
    const secret = this.find(input.SecretId);
    return { ...this.summary(secret), VersionIdsToStages: versionsToStages(secret) };
  }

  listSecrets(input: SecretsRequest<'ListSecrets'>) {
    this.purgeExpired();
    const matching = this.secrets
      .filter((s) => input.IncludePlannedDeletion === true || s.deletedDate === undefined)
      .filter((s) => (input.Filters ?? []).every((f) => f.Values.some((v) => matchesFilter(s, f.Key, v))));
    if (input.SortOrder === 'desc') matching.reverse();
    const start = input.NextToken === undefined ? 0 : decodeNextToken(input.NextToken);
    const end = start + (input.MaxResults ?? 100);
    return {
      SecretList: matching
        .slice(start, end)
        .map((s) => ({ ...this.summary(s), SecretVersionsToStages: versionsToStages(s) })),
      ...(end < matching.length && { NextToken: Buffer.from(String(end)).toString('base64') }),
    };
  }

  private summary(secret: Secret) {
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(secret.description !== undefined && { Description: secret.description }),
      ...(secret.kmsKeyId !== undefined && { KmsKeyId: secret.kmsKeyId }),
      RotationEnabled: false,
      CreatedDate: seconds(secret.createdDate),
      LastChangedDate: seconds(secret.lastChangedDate),
      ...(secret.lastAccessedDate !== undefined && { LastAccessedDate: seconds(secret.lastAccessedDate) }),
      ...(secret.deletedDate !== undefined && { DeletedDate: seconds(secret.deletedDate) }),
      Tags: secret.tags.map((t) => ({ ...t })),
    };
  }

  /** A new version holding `stages`; AWSCURRENT moving away leaves AWSPREVIOUS behind it. */
  private addVersion(
    secret: Secret,
    token: string | undefined,
    value: SecretValue,
    stages: string[],
  ): Version {
    const existing = token === undefined ? undefined : secret.versions.find((v) => v.versionId === token);
    if (existing) {
      // A retried request with the same token is answered, not applied twice (SDK idempotency).
      if (existing.secretString === value.SecretString && existing.secretBinary === value.SecretBinary)
        return existing;
      throw new SecretsError(
        'ResourceExistsException',
        "You can't modify an existing version, you can only create a new version.",
      );
    }
    const version: Version = {
      versionId: token ?? randomUUID(),
      ...(value.SecretString !== undefined && { secretString: value.SecretString }),
      ...(value.SecretBinary !== undefined && { secretBinary: value.SecretBinary }),
      createdDate: this.now(),
      stages: [],
    };
    for (const stage of new Set(stages)) {
      const holder = secret.versions.find((v) => v.stages.includes(stage));
      if (holder) holder.stages = holder.stages.filter((s) => s !== stage);
      if (stage === CURRENT && holder) {
        for (const v of secret.versions) v.stages = v.stages.filter((s) => s !== PREVIOUS);
        holder.stages.push(PREVIOUS);
      }
      version.stages.push(stage);
    }
    secret.versions.push(version);
    while (secret.versions.length > MAX_VERSIONS) {
      const oldestUnlabelled = secret.versions.findIndex((v) => v.stages.length === 0);
      if (oldestUnlabelled < 0) break;
      secret.versions.splice(oldestUnlabelled, 1);
    }
    secret.lastChangedDate = this.now();
    return version;
  }

  /** A secret that is not scheduled for deletion: only those give and take values. */
  private live(secretId: string): Secret {
    const secret = this.find(secretId);
    if (secret.deletedDate !== undefined)
      throw new SecretsError(
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      );
    return secret;
  }

  private find(secretId: string): Secret {
    this.purgeExpired();
    const secret = this.secrets.find(
      (s) =>
        s.name === secretId ||
        s.arn === secretId ||
        (secretId.startsWith('arn:') && partialArn(s) === secretId),
    );
    if (!secret)
      throw new SecretsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  }

  private purgeExpired(): void {
    const now = this.now();
    this.secrets = this.secrets.filter((s) => s.deletionDate === undefined || s.deletionDate > now);
  }
}

function requestedValue(input: SecretValue): SecretValue | undefined {
  if (input.SecretString !== undefined && input.SecretBinary !== undefined)
    throw new SecretsError(
      'InvalidParameterException',
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    );
  if (input.SecretString !== undefined) return { SecretString: input.SecretString };
  if (input.SecretBinary !== undefined) return { SecretBinary: input.SecretBinary };
  return undefined;
}

function versionsToStages(secret: Secret): Record<string, string[]> {
  return Object.fromEntries(
    secret.versions.filter((v) => v.stages.length > 0).map((v) => [v.versionId, [...v.stages]]),
  );
}

/** Filter values match as prefixes; a leading `!` negates, as in ListSecrets. */
function matchesFilter(secret: Secret, key: string, value: string): boolean {
  if (value.startsWith('!')) return !matchesFilter(secret, key, value.slice(1));
  const candidates: Record<string, (string | undefined)[]> = {
    name: [secret.name],
    description: [secret.description],
    'tag-key': secret.tags.map((t) => t.Key),
    'tag-value': secret.tags.map((t) => t.Value),
    'primary-region': [],
    'owning-service': [],
  };
  const fields = key === 'all' ? Object.values(candidates).flat() : (candidates[key] ?? []);
  return fields.some((field) => field?.startsWith(value) === true);
}

/** The ARN without its random suffix, which Secrets Manager also accepts as an id. */
function partialArn(secret: Secret): string {
  return secret.arn.slice(0, -7);
}

function decodeNextToken(token: string): number {
  const offset = Number(Buffer.from(token, 'base64').toString());
  if (!Number.isInteger(offset) || offset < 0)
    throw new SecretsError('InvalidNextTokenException', 'The NextToken value is invalid.');
  return offset;
}

function randomSuffix(): string {
  return Array.from({ length: 6 }, () => SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)]).join('');
}

/** The JSON protocol carries timestamps as epoch seconds. */
function seconds(ms: number): number {
  return ms / 1000;
}
