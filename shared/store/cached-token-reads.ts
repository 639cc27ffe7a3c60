import type { TokenVault } from './token-vault';

/**
 * Token reads kept for a short while per container: a warm function serving one workspace's
 * mutations reads each secret once a minute, not once a request. A refreshed token is still
 * valid while the old one is cached; a revoked one fails at Meta (190) and the caller fails
 * over. Only reads are cached; the secret itself never leaves memory.
 */
export function cachedTokenReads(
  vault: Pick<TokenVault, 'get'>,
  ttlMs: number,
  now: () => number = Date.now,
): Pick<TokenVault, 'get'> {
  const cache = new Map<string, { value: Promise<string>; until: number }>();
  return {
    get: (secretId) => {
      const hit = cache.get(secretId);
      if (hit && hit.until > now()) return hit.value;
      const value = vault.get(secretId);
      cache.set(secretId, { value, until: now() + ttlMs });
      value.catch(() => cache.delete(secretId));
      return value;
    },
  };
}
