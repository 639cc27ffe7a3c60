import { sortedForUse } from '../connect/workspace-tokens';
import type { Connection } from '../domain/connection';
import { type Controls, DEFAULT_CONTROLS } from '../domain/controls';
import type { TokenCandidate } from '../meta/token-failover';
import { ConflictError, NotFoundError } from '../platform/errors';
import type { CampaignDeps } from './campaign-deps';

/** An ad account the workspace reaches, with what campaign management needs of it. */
export interface WorkspaceAdAccount {
  id: string;
  name: string;
  currency: string;
  timezone?: string;
}

export interface WorkspaceContext {
  workspaceId: string;
  connection: Connection;
  /** Ad accounts of the workspace's inventory (active), by id. */
  adAccounts: Map<string, WorkspaceAdAccount>;
  controls: Controls;
  /** Usable tokens, the login first; secrets read lazily, once. */
  tokens: () => Promise<TokenCandidate[]>;
}

/**
 * The workspace as a mutation sees it, read in one parallel round: the connection, its
 * tokens, its ad accounts and its controls. A disconnected workspace → 409 `not_connected`.
 */
export async function loadWorkspace(
  deps: Pick<CampaignDeps, 'connections' | 'assets' | 'controls' | 'vault'>,
  workspaceId: string,
): Promise<WorkspaceContext> {
  const [connection, refs, accounts, controls] = await Promise.all([
    deps.connections.get(workspaceId),
    deps.connections.listTokens(workspaceId),
    deps.assets.loadAll(workspaceId, ['ad-accounts']),
    deps.controls.get(workspaceId),
  ]);
  if (connection.status === 'disconnected') {
    throw new ConflictError('Meta is not connected for this workspace.', { code: 'not_connected' });
  }
  const adAccounts = new Map<string, WorkspaceAdAccount>();
  for (const asset of accounts) {
    if (asset.status !== 'active' || !asset.currency) continue;
    adAccounts.set(asset.id, {
      id: asset.id,
      name: asset.name,
      currency: asset.currency,
      ...(asset.timezone ? { timezone: asset.timezone } : {}),
    });
  }
  let tokens: Promise<TokenCandidate[]> | undefined;
  return {
    workspaceId,
    connection,
    adAccounts,
    controls: controls ?? DEFAULT_CONTROLS,
    tokens: () => {
      tokens ??= Promise.all(
        sortedForUse(refs.filter((ref) => ref.status === 'active')).map(async (ref) => ({
          id: ref.tokenId,
          accessToken: await deps.vault.get(ref.secretId),
        })),
      );
      return tokens;
    },
  };
}

/** The ad account a mutation or list names, or the picked one; one the workspace lacks → 404. */
export function adAccountOf(context: WorkspaceContext, asked: string | undefined): WorkspaceAdAccount {
  const id = asked ?? context.connection.adAccountId;
  if (id === undefined) {
    throw new ConflictError('Pick an ad account first (PUT /integrations/meta/ad-account).', {
      code: 'no_ad_account',
    });
  }
  const account = context.adAccounts.get(id);
  if (!account) throw new NotFoundError(`Ad account ${id} was not found in this workspace.`);
  return account;
}

/** The workspace's ad accounts, the picked one first: where an object id is looked for. */
export function searchOrder(context: WorkspaceContext): string[] {
  const picked = context.connection.adAccountId;
  const rest = [...context.adAccounts.keys()].filter((id) => id !== picked);
  return picked && context.adAccounts.has(picked) ? [picked, ...rest] : rest;
}
