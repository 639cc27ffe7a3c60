import { sortedForUse } from '../connect/workspace-tokens';
import type { Asset } from '../domain/asset-record';
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
  controls: Controls;
  /** One ad account of the workspace's inventory (active, with a currency), read once. */
  adAccount: (id: string) => Promise<WorkspaceAdAccount | undefined>;
  /** Every ad account of the inventory, the picked one first: where an unknown object id is looked for. */
  adAccounts: () => Promise<WorkspaceAdAccount[]>;
  /** Usable tokens, the login first; secrets read once, when first needed. */
  tokens: () => Promise<TokenCandidate[]>;
}

type ContextDeps = Pick<CampaignDeps, 'connections' | 'assets' | 'controls' | 'vault'>;

/**
 * The workspace as a mutation sees it, read in one parallel round: the connection, its
 * tokens' references and its controls. Ad accounts and token secrets are read when asked for
 * (a list needs no token). A disconnected workspace → 409 `not_connected`.
 */
export async function loadWorkspace(
  deps: ContextDeps,
  workspaceId: string,
  early?: { adAccountId: string; account: Promise<Asset | undefined> },
): Promise<WorkspaceContext> {
  const [connection, refs, controls] = await Promise.all([
    deps.connections.get(workspaceId),
    deps.connections.listTokens(workspaceId),
    deps.controls.get(workspaceId),
  ]);
  if (connection.status === 'disconnected') {
    throw new ConflictError('Meta is not connected for this workspace.', { code: 'not_connected' });
  }
  const accounts = new Map<string, Promise<WorkspaceAdAccount | undefined>>();
  if (early) accounts.set(early.adAccountId, early.account.then(usableAccount));
  let all: Promise<WorkspaceAdAccount[]> | undefined;
  let tokens: Promise<TokenCandidate[]> | undefined;
  return {
    workspaceId,
    connection,
    controls: controls ?? DEFAULT_CONTROLS,
    adAccount: (id) => {
      const known = accounts.get(id);
      if (known) return known;
      const account = deps.assets.get(workspaceId, 'ad-accounts', id).then(usableAccount);
      accounts.set(id, account);
      return account;
    },
    adAccounts: () => {
      all ??= deps.assets.loadAll(workspaceId, ['ad-accounts']).then((assets) => {
        const usable = assets.flatMap((asset) => usableAccount(asset) ?? []);
        const picked = connection.adAccountId;
        return [...usable.filter((a) => a.id === picked), ...usable.filter((a) => a.id !== picked)];
      });
      return all;
    },
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

function usableAccount(asset: Asset | undefined): WorkspaceAdAccount | undefined {
  if (asset?.status !== 'active' || !asset.currency) return undefined;
  return {
    id: asset.id,
    name: asset.name,
    currency: asset.currency,
    ...(asset.timezone ? { timezone: asset.timezone } : {}),
  };
}

/** The id a mutation or list names, or the picked one; no pick → 409 `no_ad_account`. */
export function adAccountIdOf(context: WorkspaceContext, asked: string | undefined): string {
  const id = asked ?? context.connection.adAccountId;
  if (id === undefined) {
    throw new ConflictError('Pick an ad account first (PUT /integrations/meta/ad-account).', {
      code: 'no_ad_account',
    });
  }
  return id;
}

/** That ad account, when the workspace has it; one it lacks → 404. */
export async function adAccountOf(
  context: WorkspaceContext,
  asked: string | undefined,
): Promise<WorkspaceAdAccount> {
  const id = adAccountIdOf(context, asked);
  const account = await context.adAccount(id);
  if (!account) throw new NotFoundError(`Ad account ${id} was not found in this workspace.`);
  return account;
}
