import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-secrets-manager';
import { secretsClient } from '../aws-clients';
import type { TokenVault } from '../token-vault';

/** Tokens are read often and change rarely: a short in-container cache saves calls. */
const CACHE_MS = 5 * 60 * 1000;

/**
 * Tokens as Secrets Manager secrets, as they were stored before the envelope vault: still
 * read (and deleted) until the hourly refresh has moved each one (RoutingTokenVault).
 */
export class SecretsManagerTokenVault implements TokenVault {
  private readonly cache = new Map<string, { value: string; until: number }>();

  async put(name: string, accessToken: string): Promise<string> {
    const value = JSON.stringify({ accessToken });
    let arn: string | undefined;
    try {
      const out = await secretsClient().send(
        new CreateSecretCommand({ Name: name, SecretString: value, Description: 'Meta access token' }),
      );
      arn = out.ARN;
    } catch (err: unknown) {
      if (!(err instanceof ResourceExistsException)) throw err;
      const out = await secretsClient().send(
        new PutSecretValueCommand({ SecretId: name, SecretString: value }),
      );
      arn = out.ARN;
    }
    const id = arn ?? name;
    this.cache.set(id, { value: accessToken, until: Date.now() + CACHE_MS });
    return id;
  }

  async replace(secretId: string, accessToken: string): Promise<void> {
    await secretsClient().send(
      new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify({ accessToken }) }),
    );
    this.cache.set(secretId, { value: accessToken, until: Date.now() + CACHE_MS });
  }

  async get(secretId: string): Promise<string> {
    const hit = this.cache.get(secretId);
    if (hit && hit.until > Date.now()) return hit.value;
    const out = await secretsClient().send(new GetSecretValueCommand({ SecretId: secretId }));
    const parsed = JSON.parse(out.SecretString ?? '{}') as { accessToken?: unknown };
    if (typeof parsed.accessToken !== 'string') throw new Error(`secret ${secretId} holds no access token`);
    this.cache.set(secretId, { value: parsed.accessToken, until: Date.now() + CACHE_MS });
    return parsed.accessToken;
  }

  async delete(secretId: string): Promise<void> {
    this.cache.delete(secretId);
    try {
      await secretsClient().send(
        new DeleteSecretCommand({ SecretId: secretId, ForceDeleteWithoutRecovery: true }),
      );
    } catch (err: unknown) {
      if (!(err instanceof ResourceNotFoundException)) throw err;
    }
  }
}
