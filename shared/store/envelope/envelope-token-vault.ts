import type { TokenCipherStore } from '../token-cipher-store';
import { ownerOfSealedTokenId, ownerOfTokenSecretName, sealedTokenId, type TokenVault } from '../token-vault';
import type { TokenCipher } from './token-cipher';

/** How long a warm container keeps a token it opened: one KMS Decrypt per token per few minutes. */
export const OPENED_TOKEN_CACHE_MS = 5 * 60 * 1000;

/**
 * Tokens sealed with envelope encryption (TokenCipher) and kept in the app table beside
 * their refs, each under its workspace's key (TokenCipherStore). Ids are
 * `vault:<workspaceId>/<tokenId>`: `get` finds the item and rebuilds the context from the
 * id alone, so a ref can only ever open a token sealed for its own workspace.
 *
 * Opened tokens stay in this container's memory for a few minutes (a warm sync task or
 * mutation does not decrypt twice); a replace or delete through this vault drops the old
 * value at once. Nothing here logs, and errors name ids, never a token.
 */
export class EnvelopeTokenVault implements TokenVault {
  private readonly opened = new Map<string, { value: Promise<string>; until: number }>();

  constructor(
    private readonly cipher: TokenCipher,
    private readonly store: TokenCipherStore,
    private readonly now: () => number = Date.now,
  ) {}

  async put(name: string, accessToken: string): Promise<string> {
    const owner = ownerOfTokenSecretName(name);
    const id = sealedTokenId(owner);
    this.opened.delete(id);
    await this.store.put(owner, await this.cipher.seal(accessToken, owner));
    return id;
  }

  async replace(secretId: string, accessToken: string): Promise<void> {
    const owner = ownerOfSealedTokenId(secretId);
    this.opened.delete(secretId);
    if (!(await this.store.replace(owner, await this.cipher.seal(accessToken, owner))))
      throw new Error(`no sealed token ${secretId} to replace`);
  }

  get(secretId: string): Promise<string> {
    const hit = this.opened.get(secretId);
    if (hit && hit.until > this.now()) return hit.value;
    const value = this.open(secretId);
    this.opened.set(secretId, { value, until: this.now() + OPENED_TOKEN_CACHE_MS });
    value.catch(() => {
      if (this.opened.get(secretId)?.value === value) this.opened.delete(secretId);
    });
    return value;
  }

  async delete(secretId: string): Promise<void> {
    this.opened.delete(secretId);
    await this.store.delete(ownerOfSealedTokenId(secretId));
  }

  private async open(secretId: string): Promise<string> {
    const owner = ownerOfSealedTokenId(secretId);
    const ciphertext = await this.store.get(owner);
    if (!ciphertext) throw new Error(`no sealed token ${secretId}`);
    return this.cipher.open(ciphertext, owner);
  }
}
