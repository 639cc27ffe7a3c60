import type { TokenRef } from '../domain/connection';
import { errorFields } from '../platform/error-fields';
import { logger } from '../platform/observability';
import { tokenSecretName } from '../store/token-vault';
import type { ConnectDeps } from './connect-deps';

/**
 * Moves one token stored before the envelope vault (a Secrets Manager secret) into the vault:
 * the token is sealed under a name of its own, so a move that loses a race deletes only what
 * it wrote; the ref is switched to it only if it still names the old secret (a reconnect or a
 * disconnect meanwhile owns the old secret then); and the old secret is deleted last. Returns
 * the ref as it now reads, or undefined when the ref changed under the move.
 */
export async function moveTokenIntoVault(
  deps: Pick<ConnectDeps, 'connections' | 'vault' | 'newId'>,
  ref: TokenRef,
): Promise<TokenRef | undefined> {
  const accessToken = await deps.vault.get(ref.secretId);
  const secretId = await deps.vault.put(
    tokenSecretName(ref.workspaceId, `${ref.tokenId}-${deps.newId()}`),
    accessToken,
  );
  if (!(await deps.connections.moveTokenSecret(ref.workspaceId, ref.tokenId, ref.secretId, secretId))) {
    await deps.vault.delete(secretId);
    return undefined;
  }
  try {
    await deps.vault.delete(ref.secretId);
  } catch (err: unknown) {
    // The ref has moved: nothing reads the old secret again, it only costs until someone deletes it.
    logger.warn('deleting a moved token secret failed', {
      workspaceId: ref.workspaceId,
      tokenId: ref.tokenId,
      secretId: ref.secretId,
      error: errorFields(err),
    });
  }
  return { ...ref, secretId };
}
