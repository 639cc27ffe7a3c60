import { randomBytes } from 'node:crypto';
import { OPENED_TOKEN_CACHE_MS } from '../../../shared/store/envelope/envelope-token-vault';
import { TokenContextMismatchError } from '../../../shared/store/envelope/token-cipher';
import { InMemoryTokenCipherStore } from '../../../shared/store/memory/token-cipher-store';
import { tokenSecretName } from '../../../shared/store/token-vault';
import { envelopeVault, localTokenCipher } from './local-token-cipher';

const TOKEN = 'EAAGm0PX4ZCpsBAKZCLrealLookingToken0123456789';

describe('EnvelopeTokenVault (Encryption SDK, raw AES keyring, in-memory ciphertext)', () => {
  it('seals a token under its workspace and opens it again by the id it returned', async () => {
    const { vault, store } = envelopeVault();
    const id = await vault.put(tokenSecretName('ws-1', 'login-abc'), TOKEN);
    expect(id).toBe('vault:ws-1/login-abc');
    expect(await vault.get(id)).toBe(TOKEN);
    const stored = store.items.get(
      InMemoryTokenCipherStore.key({ workspaceId: 'ws-1', tokenId: 'login-abc' }),
    );
    expect(stored?.length).toBeGreaterThan(TOKEN.length);
    // Ciphertext only: the token is nowhere in what is stored.
    expect(Buffer.from(stored ?? []).includes(Buffer.from(TOKEN))).toBe(false);
  });

  it('finds workspace ids with a slash in them', async () => {
    const { vault } = envelopeVault();
    const id = await vault.put(tokenSecretName('org/ws-2', 'su-7'), TOKEN);
    expect(id).toBe('vault:org/ws-2/su-7');
    expect(await vault.get(id)).toBe(TOKEN);
  });

  it("refuses a ciphertext copied under another workspace's key: its context names the first workspace", async () => {
    const { vault, store } = envelopeVault();
    await vault.put(tokenSecretName('ws-a', 'login'), TOKEN);
    const sealedForA = await store.get({ workspaceId: 'ws-a', tokenId: 'login' });
    if (!sealedForA) throw new Error('nothing stored');
    // Someone who can write the table copies A's item to B's key (same key, same keyring).
    await store.put({ workspaceId: 'ws-b', tokenId: 'login' }, sealedForA);
    await expect(vault.get('vault:ws-b/login')).rejects.toBeInstanceOf(TokenContextMismatchError);
    // Under another token id of the same workspace too.
    await store.put({ workspaceId: 'ws-a', tokenId: 'su-1' }, sealedForA);
    await expect(vault.get('vault:ws-a/su-1')).rejects.toThrow(/not the one of workspace ws-a, token su-1/);
    // A's own still opens.
    expect(await vault.get('vault:ws-a/login')).toBe(TOKEN);
  });

  it('refuses a ciphertext whose header was edited to name another workspace', async () => {
    const { vault, store } = envelopeVault();
    await vault.put(tokenSecretName('ws-a', 'login'), TOKEN);
    const sealed = Buffer.from((await store.get({ workspaceId: 'ws-a', tokenId: 'login' })) ?? []);
    // Same length, so the header still parses: the context is authenticated, the edit is not.
    const at = sealed.indexOf(Buffer.from('ws-a'));
    expect(at).toBeGreaterThan(0);
    Buffer.from('ws-b').copy(sealed, at);
    await store.put({ workspaceId: 'ws-b', tokenId: 'login' }, sealed);
    await expect(vault.get('vault:ws-b/login')).rejects.toThrow();
  });

  it('does not open with another key', async () => {
    const a = envelopeVault();
    await a.vault.put(tokenSecretName('ws-1', 'login'), TOKEN);
    const other = envelopeVault(localTokenCipher(randomBytes(32)));
    const sealed = await a.store.get({ workspaceId: 'ws-1', tokenId: 'login' });
    await other.store.put({ workspaceId: 'ws-1', tokenId: 'login' }, sealed ?? new Uint8Array());
    await expect(other.vault.get('vault:ws-1/login')).rejects.toThrow();
  });

  it('opens each token once per few minutes in a warm container, then again', async () => {
    const { vault, cipher, clock } = envelopeVault();
    const id = await vault.put(tokenSecretName('ws-1', 'login'), TOKEN);
    const open = jest.spyOn(cipher, 'open');
    expect(await Promise.all([vault.get(id), vault.get(id)])).toEqual([TOKEN, TOKEN]);
    clock.now += OPENED_TOKEN_CACHE_MS - 1;
    expect(await vault.get(id)).toBe(TOKEN);
    expect(open).toHaveBeenCalledTimes(1);
    clock.now += 2;
    expect(await vault.get(id)).toBe(TOKEN);
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('drops the opened token on replace and on delete', async () => {
    const { vault } = envelopeVault();
    const id = await vault.put(tokenSecretName('ws-1', 'login'), TOKEN);
    expect(await vault.get(id)).toBe(TOKEN);
    await vault.replace(id, 'EAA-refreshed');
    expect(await vault.get(id)).toBe('EAA-refreshed');
    await vault.delete(id);
    await expect(vault.get(id)).rejects.toThrow('no sealed token vault:ws-1/login');
  });

  it('replaces only a token that exists: one deleted by a disconnect is not written back', async () => {
    const { vault, store } = envelopeVault();
    await expect(vault.replace('vault:ws-1/login', TOKEN)).rejects.toThrow(/no sealed token/);
    expect(store.items.size).toBe(0);
  });

  it('keeps no failed read: the next get tries again', async () => {
    const { vault } = envelopeVault();
    await expect(vault.get('vault:ws-1/login')).rejects.toThrow(/no sealed token/);
    await vault.put(tokenSecretName('ws-1', 'login'), TOKEN);
    expect(await vault.get('vault:ws-1/login')).toBe(TOKEN);
  });

  it('refuses names and ids that are not a workspace token', async () => {
    const { vault } = envelopeVault();
    await expect(vault.put('meta/app', TOKEN)).rejects.toThrow('not a token name');
    await expect(vault.put('meta/token/ws-1/', TOKEN)).rejects.toThrow('no workspace and token');
    await expect(vault.get('arn:aws:secretsmanager:us-east-1:123456789012:secret:x')).rejects.toThrow(
      'not a sealed token id',
    );
    await expect(vault.delete('vault:login')).rejects.toThrow('no workspace and token');
  });

  it('never puts the token into an error', async () => {
    const { vault, store } = envelopeVault();
    await vault.put(tokenSecretName('ws-a', 'login'), TOKEN);
    await store.put(
      { workspaceId: 'ws-b', tokenId: 'login' },
      (await store.get({ workspaceId: 'ws-a', tokenId: 'login' })) ?? new Uint8Array(),
    );
    const err: unknown = await vault.get('vault:ws-b/login').catch((e: unknown) => e);
    expect(String(err)).not.toContain(TOKEN);
    expect(JSON.stringify(err)).not.toContain(TOKEN);
  });
});
