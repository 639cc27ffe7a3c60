import type { SeededToken } from '../../../infra/local/meta-simulator';
import type { LocalRuntime } from '../../../infra/local/runtime';
import type { Connection, TokenRef } from '../../../shared/domain/connection';
import { tokenVault } from '../../../shared/store/container-token-vault';
import { DynamoConnectionStore } from '../../../shared/store/dynamodb/connection-store';
import { tokenSecretName } from '../../../shared/store/token-vault';

export interface ConnectedWorkspace {
  workspaceId: string;
  /** The dashboard JWT of the workspace's user. */
  jwt: string;
  /** Our token id of each seeded token, by the seeded token's label. */
  tokenIds: Map<string, string>;
}

/**
 * A workspace connected the way the connect flow leaves it: the connection, one TokenRef per
 * token and each token sealed in the app table (the functions' own vault, the runtime's key). The first user token is the login token (`login`),
 * the others keep the simulator's labels.
 */
export async function connectSeeded(
  rt: LocalRuntime,
  workspaceId: string,
  tokens: readonly SeededToken[],
  options: { generation?: number; loginId?: string } = {},
): Promise<ConnectedWorkspace> {
  const connections = new DynamoConnectionStore();
  const vault = tokenVault();
  const generation = options.generation ?? 1;
  const now = new Date().toISOString();
  const login = tokens.find((t) => t.kind === 'user');
  const tokenIds = new Map<string, string>();
  for (const token of tokens) {
    const tokenId = token === login ? (options.loginId ?? 'login') : token.id;
    tokenIds.set(token.id, tokenId);
    const secretId = await vault.put(tokenSecretName(workspaceId, tokenId), token.accessToken);
    const ref: TokenRef = {
      tokenId,
      workspaceId,
      kind: token.kind,
      label: token.id,
      metaUserId: token.userId,
      secretId,
      scopes: ['ads_read', 'ads_management', 'business_management', 'pages_show_list', 'catalog_management'],
      status: 'active',
      generation,
      createdAt: now,
    };
    await connections.putToken(ref);
  }
  const current = await connections.get(workspaceId);
  const connection: Connection = {
    ...current,
    workspaceId,
    status: 'connected',
    generation,
    ...(login ? { metaUserId: login.userId } : {}),
    scopes: ['ads_read', 'ads_management', 'business_management'],
    declinedScopes: [],
    connectedAt: now,
    updatedAt: now,
  };
  if (!(await connections.put(connection))) throw new Error('could not write the connection');
  return { workspaceId, jwt: rt.token({ workspace_id: workspaceId, sub: `user-${workspaceId}` }), tokenIds };
}
