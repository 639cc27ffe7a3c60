import { oncePerContainer } from '../platform/once-per-container';
import { tokenVault } from '../store/container-token-vault';
import { isSealedTokenId } from '../store/token-vault';
import type { ConnectDeps } from './connect-deps';
import { connectLoginDeps } from './login-root';

/**
 * The connect area's composition root: the only place its handlers (functions/connect) get
 * their dependencies from, built once per container: the login root's, and the token vault.
 * Starting Connect and the callback take connectLoginDeps instead (no vault); handlers that
 * need one store take it from ./roots/.
 */
export const connectDeps: () => Promise<ConnectDeps> = oncePerContainer(async () => ({
  ...(await connectLoginDeps()),
  vault: tokenVault(),
  isLegacyTokenSecret: (secretId) => !isSealedTokenId(secretId),
}));
