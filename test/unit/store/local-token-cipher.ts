import { randomBytes } from 'node:crypto';
import { EnvelopeTokenVault } from '../../../shared/store/envelope/envelope-token-vault';
import { TokenCipher } from '../../../shared/store/envelope/token-cipher';
import { tokenKeyring } from '../../../shared/store/envelope/token-keyring';
import { InMemoryTokenCipherStore } from '../../../shared/store/memory/token-cipher-store';

/** The local keyring (raw AES-256-GCM) on a fresh random key: the real Encryption SDK, no KMS. */
export function localTokenCipher(key: Uint8Array = randomBytes(32)): TokenCipher {
  return new TokenCipher(tokenKeyring({ keyring: 'rawAes', key: Uint8Array.from(key) }));
}

/** An envelope vault over in-memory ciphertext, on a movable clock. */
export function envelopeVault(cipher: TokenCipher = localTokenCipher()) {
  const clock = { now: Date.parse('2026-11-23T12:00:00Z') };
  const store = new InMemoryTokenCipherStore();
  const vault = new EnvelopeTokenVault(cipher, store, () => clock.now);
  return { vault, store, cipher, clock };
}
