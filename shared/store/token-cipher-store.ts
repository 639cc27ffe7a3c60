import type { TokenOwner } from './token-vault';

/**
 * Where sealed tokens (Encryption SDK messages) are kept, one per workspace and token. It
 * holds ciphertext only; whoever reads it still needs the key and the right context.
 */
export interface TokenCipherStore {
  /** Creates or overwrites. */
  put(owner: TokenOwner, ciphertext: Uint8Array): Promise<void>;
  /** Overwrites one that exists; false when there is none (deleted by a disconnect meanwhile). */
  replace(owner: TokenOwner, ciphertext: Uint8Array): Promise<boolean>;
  get(owner: TokenOwner): Promise<Uint8Array | undefined>;
  delete(owner: TokenOwner): Promise<void>;
}
