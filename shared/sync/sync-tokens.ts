import type { TokenRef } from '../domain/connection';
import type { TokenCandidate } from '../meta/token-failover';
import { errorFields } from '../platform/error-fields';
import { logger } from '../platform/observability';
import type { SyncWorkDeps } from './sync-deps';

export interface SyncToken extends TokenCandidate {
  ref: TokenRef;
}

/**
 * The workspace's tokens a sync may use, with their secrets, ordered by id (see `withSecrets`).
 */
export async function syncTokens(
  deps: Pick<SyncWorkDeps, 'connections' | 'vault'>,
  workspaceId: string,
  generation: number,
): Promise<SyncToken[]> {
  return withSecrets(deps, await deps.connections.listTokens(workspaceId), generation);
}

/**
 * The tokens of `refs` a sync may use, with their secrets: active, of the run's connection
 * generation, and (when `ids` is given) only those, in that order; otherwise by id. A secret
 * that cannot be read (deleted by a disconnect meanwhile) leaves its token out.
 */
export async function withSecrets(
  deps: Pick<SyncWorkDeps, 'vault'>,
  refs: readonly TokenRef[],
  generation: number,
  ids?: readonly string[],
): Promise<SyncToken[]> {
  const usable = refs.filter((ref) => ref.status === 'active' && ref.generation === generation);
  const wanted = ids
    ? ids.flatMap((id) => usable.filter((ref) => ref.tokenId === id))
    : [...usable].sort((a, b) => a.tokenId.localeCompare(b.tokenId));
  const tokens = await Promise.all(
    wanted.map(async (ref): Promise<SyncToken | undefined> => {
      try {
        return { id: ref.tokenId, accessToken: await deps.vault.get(ref.secretId), ref };
      } catch (err: unknown) {
        logger.warn('token secret unreadable; leaving the token out of the sync', {
          workspaceId: ref.workspaceId,
          tokenId: ref.tokenId,
          error: errorFields(err),
        });
        return undefined;
      }
    }),
  );
  return tokens.filter((token): token is SyncToken => token !== undefined);
}
