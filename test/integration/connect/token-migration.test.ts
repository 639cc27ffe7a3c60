import { randomUUID } from 'node:crypto';
import { GetSecretValueCommand, ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import type { LocalRuntime } from '../../../infra/local/runtime';
import type { TokenRef } from '../../../shared/domain/connection';
import { secretsClient } from '../../../shared/store/aws-clients';
import { tokenVault } from '../../../shared/store/container-token-vault';
import { DynamoConnectionStore } from '../../../shared/store/dynamodb/connection-store';
import { SecretsManagerTokenVault } from '../../../shared/store/secrets-manager/token-vault';
import { isSealedTokenId, tokenSecretName } from '../../../shared/store/token-vault';
import { connectThroughMeta } from '../support/meta-login';
import { api, startTestRuntime } from '../support/runtime';

/**
 * A stack deployed before the envelope vault: its workspaces' tokens are Secrets Manager
 * secrets. They keep working, and the hourly refresh moves each one into the vault.
 */
describe('tokens stored in Secrets Manager before the vault (through the local runtime)', () => {
  let rt: LocalRuntime;
  const connections = new DynamoConnectionStore();
  beforeAll(async () => {
    rt = await startTestRuntime();
  });
  afterAll(() => rt.stop());

  /**
   * Turns a stored token back into what the code of before left: the same token as a secret
   * (CreateSecret, the ref naming its ARN), and no sealed copy.
   */
  async function storedTheOldWay(ref: TokenRef, secretTokenId: string): Promise<string> {
    const accessToken = await tokenVault().get(ref.secretId);
    const arn = await new SecretsManagerTokenVault().put(
      tokenSecretName(ref.workspaceId, secretTokenId),
      accessToken,
    );
    expect(arn).toMatch(/^arn:aws:secretsmanager:/);
    expect(await connections.moveTokenSecret(ref.workspaceId, ref.tokenId, ref.secretId, arn)).toBe(true);
    await tokenVault().delete(ref.secretId);
    return arn;
  }

  async function secretExists(arn: string): Promise<boolean> {
    try {
      await secretsClient().send(new GetSecretValueCommand({ SecretId: arn }));
      return true;
    } catch (err: unknown) {
      if (err instanceof ResourceNotFoundException) return false;
      throw err;
    }
  }

  it('reads them, then the token-refresh schedule moves the login and a system user into the vault and deletes the secrets', async () => {
    const workspaceId = 'ws-migrate';
    const token = rt.token({ workspace_id: workspaceId, sub: 'user-migrate' });
    expect((await connectThroughMeta(rt, token)).status).toBe(200);
    const systemUser = rt.simulator?.scenario.tokens.find((t) => t.kind === 'system_user');
    const added = await api(rt, 'POST', '/integrations/meta/tokens', {
      token,
      body: { accessToken: systemUser?.accessToken, label: 'Agency admin' },
    });
    expect(added.status).toBe(201);
    await rt.idle();

    const before = await connections.listTokens(workspaceId);
    expect(before.map((t) => t.tokenId).sort()).toEqual(['login', expect.stringMatching(/^su-/)]);
    const oldSecrets = new Map<string, string>();
    for (const ref of before)
      oldSecrets.set(ref.tokenId, await storedTheOldWay(ref, `${ref.tokenId}-${randomUUID()}`));

    // Still served from Secrets Manager, as before the vault: Meta calls go through.
    const listed = await api(rt, 'GET', '/integrations/meta/ad-accounts', { token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(0);

    await rt.fireSchedule('token-refresh');
    await rt.idle();

    const after = await connections.listTokens(workspaceId);
    expect(after).toHaveLength(2);
    for (const ref of after) {
      expect([ref.tokenId, isSealedTokenId(ref.secretId)]).toEqual([ref.tokenId, true]);
      expect(ref.secretId).toMatch(new RegExp(`^vault:${workspaceId}/${ref.tokenId}-`));
      expect(ref.status).toBe('active');
      expect(ref.refreshLeaseUntil).toBeUndefined();
      const old = oldSecrets.get(ref.tokenId) ?? '';
      expect([ref.tokenId, await secretExists(old)]).toEqual([ref.tokenId, false]);
    }
    // The same tokens, now sealed: Meta accepts them for listing and for a whole sync.
    expect(await tokenVault().get(after.find((t) => t.tokenId !== 'login')?.secretId ?? '')).toBe(
      systemUser?.accessToken,
    );
    const relisted = await api(rt, 'GET', '/integrations/meta/ad-accounts', { token });
    expect(relisted.status).toBe(200);
    expect(relisted.body.items).toEqual(listed.body.items);
    const sync = await api(rt, 'POST', '/meta/sync', { token, body: {} });
    expect(sync.status).toBe(202);
    await rt.idle();
    const state = await api(rt, 'GET', '/integrations/meta', { token });
    expect(state.body).toMatchObject({ status: 'connected', lastSync: { status: 'succeeded' } });

    // Nothing left to move: the next hour changes no ref.
    await rt.fireSchedule('token-refresh');
    await rt.idle();
    expect((await connections.listTokens(workspaceId)).map((t) => t.secretId).sort()).toEqual(
      after.map((t) => t.secretId).sort(),
    );
  });

  it('a disconnect deletes a token still in Secrets Manager as well as the sealed ones', async () => {
    const workspaceId = 'ws-migrate-disconnect';
    const token = rt.token({ workspace_id: workspaceId, sub: 'user-migrate-2' });
    expect((await connectThroughMeta(rt, token)).status).toBe(200);
    await rt.idle();
    const [login] = await connections.listTokens(workspaceId);
    if (!login) throw new Error('not connected');
    const arn = await storedTheOldWay(login, `login-${randomUUID()}`);
    expect((await api(rt, 'DELETE', '/integrations/meta', { token })).status).toBe(204);
    expect(await secretExists(arn)).toBe(false);
    expect(await connections.listTokens(workspaceId)).toEqual([]);
  });
});
