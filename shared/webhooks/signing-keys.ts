import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod';
import type { WebhookSigningKeys } from '../domain/webhook-signature';
import { config } from '../platform/config';
import { ConfigError } from '../platform/errors';

/** What the webhook receiver needs to know: the handshake token and the signing keys. */
export interface WebhookSecrets {
  verifyToken: string;
  keys: WebhookSigningKeys;
}

/**
 * Where the webhook secrets come from. `refresh` is asked after a signature miss, so a key
 * rotated in Secrets Manager applies without a deploy; it answers `undefined` when nothing
 * new can be had (plain env, or a refresh happened moments ago).
 */
export interface WebhookKeySource {
  get(): Promise<WebhookSecrets>;
  refresh(): Promise<WebhookSecrets | undefined>;
}

const nonEmpty = z.string().trim().min(1);
/** The JSON secret at META_WEBHOOK_KEYS_SECRET_ARN carries the same four names as the env. */
const secretSchema = z.object({
  META_WEBHOOK_VERIFY_TOKEN: nonEmpty,
  META_WEBHOOK_SIGNING_KEY_CURRENT: nonEmpty,
  META_WEBHOOK_SIGNING_KEY_PREVIOUS: nonEmpty.optional(),
  META_WEBHOOK_SIGNING_KEY_ROTATED_AT: z.iso.datetime({ offset: true }).optional(),
});
type SecretValues = z.output<typeof secretSchema>;

function toSecrets(values: SecretValues): WebhookSecrets {
  return {
    verifyToken: values.META_WEBHOOK_VERIFY_TOKEN,
    keys: {
      current: values.META_WEBHOOK_SIGNING_KEY_CURRENT,
      ...(values.META_WEBHOOK_SIGNING_KEY_PREVIOUS
        ? { previous: values.META_WEBHOOK_SIGNING_KEY_PREVIOUS }
        : {}),
      ...(values.META_WEBHOOK_SIGNING_KEY_ROTATED_AT
        ? { rotatedAt: values.META_WEBHOOK_SIGNING_KEY_ROTATED_AT }
        : {}),
    },
  };
}

/** Plain environment values (local runtime); nothing to refresh. */
export class EnvWebhookKeySource implements WebhookKeySource {
  private readonly secrets: WebhookSecrets;
  constructor(values: SecretValues) {
    this.secrets = toSecrets(values);
  }
  async get(): Promise<WebhookSecrets> {
    return this.secrets;
  }
  async refresh(): Promise<undefined> {
    return undefined;
  }
}

export interface SecretsManagerWebhookKeySourceOptions {
  /** Cache lifetime of the fetched secret, seconds. @default 300 */
  maxAgeSeconds?: number;
  /** A forged-signature flood must not become a Secrets Manager flood. @default 30000 */
  minRefreshIntervalMs?: number;
  /** @default Powertools `getSecret` (cached per container) */
  fetchSecret?: (secretId: string, options: { maxAge: number; forceFetch: boolean }) => Promise<unknown>;
  /** @default Date.now */
  now?: () => number;
}

/** The JSON secret in Secrets Manager, cached by Powertools, re-fetched at most every 30 s on a miss. */
export class SecretsManagerWebhookKeySource implements WebhookKeySource {
  private readonly maxAgeSeconds: number;
  private readonly minRefreshIntervalMs: number;
  private readonly fetchSecret: NonNullable<SecretsManagerWebhookKeySourceOptions['fetchSecret']>;
  private readonly now: () => number;
  private lastRefreshAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly secretId: string,
    options: SecretsManagerWebhookKeySourceOptions = {},
  ) {
    this.maxAgeSeconds = options.maxAgeSeconds ?? 300;
    this.minRefreshIntervalMs = options.minRefreshIntervalMs ?? 30_000;
    this.fetchSecret =
      options.fetchSecret ??
      ((id, { maxAge, forceFetch }) => getSecret(id, { maxAge, forceFetch, transform: 'json' }));
    this.now = options.now ?? Date.now;
  }

  async get(): Promise<WebhookSecrets> {
    return this.load(false);
  }

  async refresh(): Promise<WebhookSecrets | undefined> {
    const now = this.now();
    if (now - this.lastRefreshAt < this.minRefreshIntervalMs) return undefined;
    this.lastRefreshAt = now;
    return this.load(true);
  }

  private async load(forceFetch: boolean): Promise<WebhookSecrets> {
    const raw = await this.fetchSecret(this.secretId, { maxAge: this.maxAgeSeconds, forceFetch });
    const parsed = secretSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(
        `META_WEBHOOK_KEYS_SECRET_ARN (${issue?.path.join('.') || 'secret'})`,
        issue?.message ?? 'is invalid',
      );
    }
    return toSecrets(parsed.data);
  }
}

/** The source the configuration names: Secrets Manager when an ARN is set, else plain env. */
export function webhookKeySource(): WebhookKeySource {
  const values = config('webhook');
  if ('META_WEBHOOK_KEYS_SECRET_ARN' in values) {
    return new SecretsManagerWebhookKeySource(values.META_WEBHOOK_KEYS_SECRET_ARN);
  }
  return new EnvWebhookKeySource(values);
}
