import type { Connection, TokenRef } from '../domain/connection';
import { ConflictError } from '../platform/errors';
import type { ConnectDeps } from './connect-deps';

export interface UsableToken {
  ref: TokenRef;
  accessToken: string;
}

/** The connection, refusing a disconnected workspace with 409 `not_connected`. */
export async function requireConnection(
  deps: Pick<ConnectDeps, 'connections'>,
  workspaceId: string,
): Promise<Connection> {
  const connection = await deps.connections.get(workspaceId);
  if (connection.status === 'disconnected') {
    throw new ConflictError('Meta is not connected for this workspace.', { code: 'not_connected' });
  }
  return connection;
}

/** Active tokens of the workspace with their secrets, the login token first. */
export async function usableTokens(
  deps: Pick<ConnectDeps, 'connections'> & { vault: Pick<ConnectDeps['vault'], 'get'> },
  workspaceId: string,
): Promise<UsableToken[]> {
  const refs = sortedForUse(
    (await deps.connections.listTokens(workspaceId)).filter((t) => t.status === 'active'),
  );
  return Promise.all(refs.map(async (ref) => ({ ref, accessToken: await deps.vault.get(ref.secretId) })));
}

/** The login token first, then the others by id. */
export function sortedForUse(refs: readonly TokenRef[]): TokenRef[] {
  return [...refs].sort((a, b) =>
    a.kind === b.kind ? a.tokenId.localeCompare(b.tokenId) : a.kind === 'user' ? -1 : 1,
  );
}
