import type { Asset } from '../domain/asset-record';
import type { InsightsStartDeps } from './insights-deps';

/** An ad account of the workspace's synced inventory, as a pull needs it. */
export interface InsightsAccount {
  id: string;
  /** IANA zone (`timezone_name`): Insights' days are the account's days. */
  timezone?: string;
  /** Tokens the last sync saw reach it. */
  tokenIds: string[];
}

/** The active synced ad account `adAccountId` of the workspace; undefined when it has none such. */
export async function insightsAccount(
  deps: Pick<InsightsStartDeps, 'assets'>,
  workspaceId: string,
  adAccountId: string,
): Promise<InsightsAccount | undefined> {
  return accountOf(await deps.assets.get(workspaceId, 'ad-accounts', adAccountId));
}

function accountOf(asset: Asset | undefined): InsightsAccount | undefined {
  if (asset?.status !== 'active') return undefined;
  return { id: asset.id, tokenIds: asset.tokenIds, ...(asset.timezone ? { timezone: asset.timezone } : {}) };
}
