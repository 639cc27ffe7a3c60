import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { resetConfig } from '../../../shared/platform/config';
import { ConfigError } from '../../../shared/platform/errors';
import {
  EnvWebhookKeySource,
  SecretsManagerWebhookKeySource,
  webhookKeySource,
} from '../../../shared/webhooks/signing-keys';

const WEBHOOK_ENV = [
  'META_WEBHOOK_VERIFY_TOKEN',
  'META_WEBHOOK_SIGNING_KEY_CURRENT',
  'META_WEBHOOK_SIGNING_KEY_PREVIOUS',
  'META_WEBHOOK_SIGNING_KEY_ROTATED_AT',
  'META_WEBHOOK_KEYS_SECRET_ARN',
];

describe('webhookKeySource', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of WEBHOOK_ENV) delete process.env[name];
    Object.assign(process.env, saved);
    resetConfig();
  });

  it('reads plain env locally; nothing to refresh', async () => {
    Object.assign(process.env, {
      META_WEBHOOK_VERIFY_TOKEN: 'vt',
      META_WEBHOOK_SIGNING_KEY_CURRENT: 'cur',
      META_WEBHOOK_SIGNING_KEY_PREVIOUS: 'prev',
      META_WEBHOOK_SIGNING_KEY_ROTATED_AT: '2026-07-01T00:00:00Z',
    });
    const source = webhookKeySource();
    expect(source).toBeInstanceOf(EnvWebhookKeySource);
    await expect(source.get()).resolves.toEqual({
      verifyToken: 'vt',
      keys: { current: 'cur', previous: 'prev', rotatedAt: '2026-07-01T00:00:00Z' },
    });
    await expect(source.refresh()).resolves.toBeUndefined();
  });

  it('uses Secrets Manager when the ARN is configured', () => {
    process.env.META_WEBHOOK_KEYS_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:1:secret:webhook';
    expect(webhookKeySource()).toBeInstanceOf(SecretsManagerWebhookKeySource);
  });
});

describe('SecretsManagerWebhookKeySource', () => {
  const sm = mockClient(SecretsManagerClient);
  afterEach(() => sm.reset());
  afterAll(() => sm.restore());

  const secret = (current: string) =>
    JSON.stringify({ META_WEBHOOK_VERIFY_TOKEN: 'vt', META_WEBHOOK_SIGNING_KEY_CURRENT: current });

  it('caches the secret and re-fetches it on a refresh, at most once per interval', async () => {
    let now = 1_000_000;
    sm.on(GetSecretValueCommand).resolves({ SecretString: secret('k1') });
    const source = new SecretsManagerWebhookKeySource('webhook-keys-a', {
      minRefreshIntervalMs: 30_000,
      now: () => now,
    });
    await expect(source.get()).resolves.toMatchObject({ keys: { current: 'k1' } });

    sm.on(GetSecretValueCommand).resolves({ SecretString: secret('k2') });
    await expect(source.get()).resolves.toMatchObject({ keys: { current: 'k1' } });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);

    await expect(source.refresh()).resolves.toMatchObject({ keys: { current: 'k2' } });
    await expect(source.get()).resolves.toMatchObject({ keys: { current: 'k2' } });
    await expect(source.refresh()).resolves.toBeUndefined();
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);

    now += 30_000;
    await expect(source.refresh()).resolves.toMatchObject({ keys: { current: 'k2' } });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(3);
  });

  it('names the variable when the secret is malformed', async () => {
    sm.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ META_WEBHOOK_VERIFY_TOKEN: 'vt' }),
    });
    const source = new SecretsManagerWebhookKeySource('webhook-keys-b');
    await expect(source.get()).rejects.toBeInstanceOf(ConfigError);
    await expect(source.get()).rejects.toThrow(
      /META_WEBHOOK_KEYS_SECRET_ARN \(META_WEBHOOK_SIGNING_KEY_CURRENT\)/,
    );
  });
});
