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
  const id = asked ?? (await deps.connections.get(workspaceId)).adAccountId;
  if (id === undefined) {
    throw new ConflictError('Pick an ad account first (PUT /integrations/meta/ad-account).', {
      code: 'no_ad_account',
    });
  }
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
    ...(asset.currency ? { currency: asset.currency } : {}),
    ...(asset.timezone ? { timezone: asset.timezone } : {}),
  };
}
