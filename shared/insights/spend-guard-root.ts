import { campaignDeps } from '../campaigns/campaign-root';
import { mutationRequestOf } from '../campaigns/mutation-request';
import { runMutation } from '../campaigns/run-mutation';
import type { Principal } from '../platform/auth';
import { assetStore } from '../store/dynamodb/asset-store';
import { controlsStore } from '../store/dynamodb/controls-store';
import { dailyMetricsStore } from '../store/dynamodb/daily-metrics-store';
import { managedObjectStore } from '../store/dynamodb/managed-object-store';
import { notificationStore } from '../store/dynamodb/notification-store';
import { guardSpend, type PauseCampaign, type SpendGuardDeps } from './spend-guard';
import type { GuardSpend } from './spend-guard-port';

/** Who the guard's pauses are audited as. */
const GUARD_SUB = 'spend-guard';

/**
 * The spend guard as the pull calls it, wired to the stores and to the campaign area's
 * mutation path. Its function needs what a pause needs: the app table (read/write), the
 * idempotency table, `dailyMetrics` (read), the Meta app secret and the token secrets (read).
 * @example const guard = spendGuard(); await guard({ workspaceId, adAccountId, dates });
 */
export function spendGuard(overrides: Partial<SpendGuardDeps> = {}): GuardSpend {
  const deps: SpendGuardDeps = {
    controls: controlsStore(),
    assets: assetStore(),
    metrics: dailyMetricsStore(),
    objects: managedObjectStore(),
    notifications: notificationStore(),
    pauseCampaign: pauseAsSystem,
    now: Date.now,
    ...overrides,
  };
  return (input) => guardSpend(deps, input);
}

/** The REST pause's path (exactly once under the key, audited), as actor `system`. */
const pauseAsSystem: PauseCampaign = async ({ workspaceId, campaignId, idempotencyKey }) => {
  const principal: Principal = { workspaceId, sub: GUARD_SUB, actor: 'system' };
  await runMutation(
    await campaignDeps(),
    principal,
    mutationRequestOf('campaign', 'pause', campaignId, undefined),
    {
      dryRun: false,
      idempotencyKey,
    },
  );
};
