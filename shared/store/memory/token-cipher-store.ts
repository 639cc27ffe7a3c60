import type { TokenCipherStore } from '../token-cipher-store';
import type { TokenOwner } from '../token-vault';

/** Ciphertexts in a map, keyed like the app table (`<workspaceId>\0<tokenId>`), for unit tests. */
export class InMemoryTokenCipherStore implements TokenCipherStore {
  readonly items = new Map<string, Uint8Array>();

  static key(owner: TokenOwner): string {
    return `${owner.workspaceId}\u0000${owner.tokenId}`;
  }

  async put(owner: TokenOwner, ciphertext: Uint8Array): Promise<void> {
    this.items.set(InMemoryTokenCipherStore.key(owner), Uint8Array.from(ciphertext));
  }

  async replace(owner: TokenOwner, ciphertext: Uint8Array): Promise<boolean> {
    if (!this.items.has(InMemoryTokenCipherStore.key(owner))) return false;
    await this.put(owner, ciphertext);
    return true;
  }

  async get(owner: TokenOwner): Promise<Uint8Array | undefined> {
    const found = this.items.get(InMemoryTokenCipherStore.key(owner));
    return found && Uint8Array.from(found);
  }

  async delete(owner: TokenOwner): Promise<void> {
    this.items.delete(InMemoryTokenCipherStore.key(owner));
  }
}
