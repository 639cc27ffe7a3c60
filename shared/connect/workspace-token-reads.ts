import type { TokenCandidate } from '../meta/token-failover';
import { cachedTokenReads } from '../store/cached-token-reads';
import { tokenVault } from '../store/container-token-vault';
import { connectionStore } from '../store/dynamodb/connection-store';
import { usableTokens } from './workspace-tokens';

/** How long a warm container keeps a token it read (see cachedTokenReads). */
const TOKEN_CACHE_MS = 60_000;

/** What reading a workspace's tokens takes in a Lambda: the connection store and the vault, cached. */
export function cachedWorkspaceTokenReads() {
  return { connections: connectionStore(), vault: cachedTokenReads(tokenVault(), TOKEN_CACHE_MS) };
}

/** A workspace's usable tokens as failover candidates (the login first), read through the cache. */
export function usableTokenCandidates(): (workspaceId: string) => Promise<TokenCandidate[]> {
  const reads = cachedWorkspaceTokenReads();
  return async (workspaceId) =>
    (await usableTokens(reads, workspaceId)).map((t) => ({ id: t.ref.tokenId, accessToken: t.accessToken }));
}
