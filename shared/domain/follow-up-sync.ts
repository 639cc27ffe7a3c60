import { ASSET_TYPES, type AssetType } from './asset-type';
import type { PendingSync } from './connection';
import type { ActiveSyncRun } from './sync-run';

/**
 * What the end of run `concludedRunId` means for a pending follow-up: `start` it now that the
 * run is off the active list (a start before that would only join the run that ended); `wait`
 * while it is still listed (its finisher starts it after taking it off); `none` when nothing
 * waits on this run.
 * @example followUpAfter({ reason: 'token_added', after: 'sr_1', requestedAt }, 'sr_1', []) // 'start'
 */
export function followUpAfter(
  pending: PendingSync | undefined,
  concludedRunId: string,
  active: readonly ActiveSyncRun[],
): 'start' | 'wait' | 'none' {
  if (pending?.after !== concludedRunId) return 'none';
  return active.some((run) => run.syncRunId === concludedRunId) ? 'wait' : 'start';
}

/**
 * Whether a run reads everything the follow-up is owed: it covers every type and started
 * after the follow-up was asked for, so its planning lists the added token. A tie in
 * milliseconds does not count (which came first is unknown).
 * @example satisfiesFollowUp(pending, { startedAt: later, assetTypes: ['ad-accounts', 'pages', 'pixels', 'catalogs'] }) // true
 */
export function satisfiesFollowUp(
  pending: PendingSync,
  run: { startedAt: string; assetTypes: readonly AssetType[] },
): boolean {
  const coversAll = ASSET_TYPES.every((type) => run.assetTypes.includes(type));
  return coversAll && Date.parse(run.startedAt) > Date.parse(pending.requestedAt);
}
