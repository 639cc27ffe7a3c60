import { ConflictError, NotFoundError } from '../platform/errors';
import type { AssetStore } from '../store/asset-store';
import type { ConnectionStore } from '../store/connection-store';

/** An ad account of the workspace's synced inventory, as Insights needs it. */
export interface InsightsAdAccount {
  /** `act_…` */
  id: string;
  /** ISO 4217; absent when the sync has not read it. */
  currency?: string;
  /** IANA zone Meta counts the account's days in (`timezone_name`). */
  timezone?: string;
  /** Tokens the last sync saw reach it (the pull reads with them). */
  tokenIds: string[];
}

export interface InsightsAdAccountDeps {
  connections: Pick<ConnectionStore, 'get'>;
  assets: Pick<AssetStore, 'get'>;
}

/**
 * The ad account a request names, or the picked one (none picked → 409 `no_ad_account`).
 * Only an active ad account of the workspace's synced inventory is its: any other (another
 * workspace's, one the sync no longer finds) → 404, as a foreign id must read.
 */
export async function insightsAdAccount(
  deps: InsightsAdAccountDeps,
  workspaceId: string,
  asked: string | undefined,
): Promise<InsightsAdAccount> {
  const id = asked ?? adAccountIdOf(await deps.connections.get(workspaceId));
  return requireActiveAdAccount(deps, workspaceId, id);
}

/** The ad account a request names, else the connection's picked one (none → 409 `no_ad_account`). */
export function adAccountIdOf(connection: { adAccountId?: string }, asked?: string): string {
  const id = asked ?? connection.adAccountId;
  if (id === undefined) {
    throw new ConflictError('Pick an ad account first (PUT /integrations/meta/ad-account).', {
      code: 'no_ad_account',
    });
  }
  return id;
}

/** `id` when it is an active ad account of the workspace's inventory, else 404. */
export async function requireActiveAdAccount(
  deps: Pick<InsightsAdAccountDeps, 'assets'>,
  workspaceId: string,
  id: string,
): Promise<InsightsAdAccount> {
  const account = await activeAdAccount(deps, workspaceId, id);
  if (!account) throw new NotFoundError(`Ad account ${id} was not found in this workspace.`);
  return account;
}

/** That ad account when it is an active one of the workspace's inventory. */
export async function activeAdAccount(
  deps: Pick<InsightsAdAccountDeps, 'assets'>,
  workspaceId: string,
  id: string,
): Promise<InsightsAdAccount | undefined> {
  const asset = await deps.assets.get(workspaceId, 'ad-accounts', id);
  if (asset?.status !== 'active') return undefined;
  return {
    id: asset.id,
    tokenIds: asset.tokenIds,
    ...(asset.currency ? { currency: asset.currency } : {}),
    ...(asset.timezone ? { timezone: asset.timezone } : {}),
  };
}
