import { InMemoryTokenVault } from '../../../shared/store/memory/token-vault';
import { RoutingTokenVault } from '../../../shared/store/routing-token-vault';
import { tokenSecretName } from '../../../shared/store/token-vault';
import { envelopeVault } from './local-token-cipher';

const OLD_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:meta/token/ws-1/su-9-AbCdEf';

/** Secrets Manager played by the in-memory vault, holding a token the old code stored. */
async function routing() {
  const sealed = envelopeVault();
  const secretsManager = new InMemoryTokenVault();
  await secretsManager.put(OLD_ARN, 'EAA-old-system-user');
  await secretsManager.put('meta/token/ws-1/login-1', 'EAA-old-login');
  return { vault: new RoutingTokenVault(sealed.vault, secretsManager), sealed, secretsManager };
}

describe('RoutingTokenVault (the move from Secrets Manager)', () => {
  it('always stores new tokens sealed', async () => {
    const { vault, sealed, secretsManager } = await routing();
    const id = await vault.put(tokenSecretName('ws-1', 'login-2'), 'EAA-new');
    expect(id).toBe('vault:ws-1/login-2');
    expect(sealed.store.items.size).toBe(1);
    expect(secretsManager.secrets.size).toBe(2);
    expect(await vault.get(id)).toBe('EAA-new');
  });

  it('reads, replaces and deletes a Secrets Manager token by its ARN or name', async () => {
    const { vault, sealed, secretsManager } = await routing();
    expect(await vault.get(OLD_ARN)).toBe('EAA-old-system-user');
    expect(await vault.get('meta/token/ws-1/login-1')).toBe('EAA-old-login');
    await vault.replace(OLD_ARN, 'EAA-refreshed');
    expect(secretsManager.secrets.get(OLD_ARN)).toBe('EAA-refreshed');
    await vault.delete(OLD_ARN);
    expect([...secretsManager.secrets.keys()]).toEqual(['meta/token/ws-1/login-1']);
    expect(sealed.store.items.size).toBe(0);
  });

  it('sends vault: ids to the sealed store only', async () => {
    const { vault, sealed, secretsManager } = await routing();
    const id = await vault.put(tokenSecretName('ws-1', 'su-9'), 'EAA-sealed');
    await vault.replace(id, 'EAA-sealed-2');
    expect(await vault.get(id)).toBe('EAA-sealed-2');
    await vault.delete(id);
    expect(sealed.store.items.size).toBe(0);
    expect(secretsManager.secrets.size).toBe(2);
    await expect(vault.get(id)).rejects.toThrow('no sealed token');
  });
});
