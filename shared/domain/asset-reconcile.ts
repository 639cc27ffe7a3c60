import { sortedUnion } from './asset-merge';
import { ASSET_DETAIL_FIELDS, type Asset, assetKey, pickAssetDetails, type SeenAsset } from './asset-record';
import { strongerOwnership } from './asset-type';
import type { SyncCounts } from './sync-run';

export interface ReconcileOptions {
  workspaceId: string;
  runId: string;
  /** ISO time of the write. */
  now: string;
  /**
   * Every task of the run succeeded: what it saw is the whole truth, so token sets and
   * ownership are replaced. Otherwise they only grow (a failed task may hold the missing part).
   */
  complete: boolean;
  /** Remove active assets the run did not see (only a complete, newest run may). */
  cleanup: boolean;
  /** Tokens known to be invalid: they reach nothing, even in a partial run. */
  invalidTokenIds?: ReadonlySet<string>;
}

/**
 * What reconciling one asset means: `kept` = not seen but cleanup is not allowed;
 * `unchanged` = nothing to write (including an asset removed before).
 */
export type AssetOutcome = 'added' | 'updated' | 'removed' | 'unchanged' | 'kept';

export interface AssetReconciliation {
  outcome: AssetOutcome;
  /** The item to store; absent when nothing changes. */
  write?: Asset;
}

/**
 * Decides one asset: added, updated, removed or left alone, comparing what is stored with
 * what the run saw. An asset whose content did not change is not rewritten; an asset a
 * previous attempt of the same run already wrote counts as that attempt's change, so a
 * redelivered run neither rewrites nor double-counts.
 */
export function reconcileAsset(
  existing: Asset | undefined,
  seen: SeenAsset | undefined,
  options: ReconcileOptions,
): AssetReconciliation {
  if (seen === undefined) return reconcileUnseen(existing, options);
  const stamp = { lastSeenRunId: options.runId, changedRunId: options.runId, updatedAt: options.now };
  if (existing === undefined || existing.status === 'removed') {
    return {
      outcome: 'added',
      write: {
        ...contentOf(seen, options.workspaceId),
        ...stamp,
        change: 'added',
        firstSeenAt: existing?.firstSeenAt ?? options.now,
      },
    };
  }
  const next = options.complete ? seen : widened(existing, seen, options.invalidTokenIds);
  const content = contentOf(next, options.workspaceId);
  if (sameContent(existing, content)) {
    if (existing.changedRunId === options.runId && existing.change !== 'removed') {
      return { outcome: existing.change };
    }
    return { outcome: 'unchanged' };
  }
  return {
    outcome: 'updated',
    write: { ...content, ...stamp, change: 'updated', firstSeenAt: existing.firstSeenAt },
  };
}

function reconcileUnseen(existing: Asset | undefined, options: ReconcileOptions): AssetReconciliation {
  if (existing === undefined) return { outcome: 'unchanged' };
  if (existing.status === 'removed') {
    const removedByThisRun = existing.changedRunId === options.runId && existing.change === 'removed';
    return { outcome: removedByThisRun ? 'removed' : 'unchanged' };
  }
  if (!options.cleanup) return { outcome: 'kept' };
  return {
    outcome: 'removed',
    write: {
      ...existing,
      status: 'removed',
      removedAt: options.now,
      updatedAt: options.now,
      changedRunId: options.runId,
      change: 'removed',
    },
  };
}

/**
 * A partial run may not take away what it could not check: token access and ownership only
 * grow, except that a token known to be invalid reaches nothing.
 */
function widened(existing: Asset, seen: SeenAsset, invalid: ReadonlySet<string> | undefined): SeenAsset {
  const businessId = seen.businessId ?? existing.businessId;
  const kept = invalid ? existing.tokenIds.filter((id) => !invalid.has(id)) : existing.tokenIds;
  return {
    ...seen,
    ownership: strongerOwnership(existing.ownership, seen.ownership),
    tokenIds: sortedUnion(kept, seen.tokenIds),
    ...(businessId === undefined ? {} : { businessId }),
  };
}

type AssetContent = Omit<Asset, 'lastSeenRunId' | 'changedRunId' | 'change' | 'firstSeenAt' | 'updatedAt'>;

function contentOf(seen: SeenAsset, workspaceId: string): AssetContent {
  return {
    workspaceId,
    type: seen.type,
    id: seen.id,
    name: seen.name,
    ownership: seen.ownership,
    ...(seen.businessId === undefined ? {} : { businessId: seen.businessId }),
    ...pickAssetDetails(seen),
    tokenIds: sortedUnion([], seen.tokenIds),
    status: 'active',
  };
}

/** Equal in everything Meta or the merge decides; bookkeeping fields do not count. */
export function sameContent(a: AssetContent, b: AssetContent): boolean {
  if (
    a.name !== b.name ||
    a.ownership !== b.ownership ||
    a.businessId !== b.businessId ||
    a.status !== b.status ||
    a.tokenIds.length !== b.tokenIds.length
  ) {
    return false;
  }
  if (ASSET_DETAIL_FIELDS.some((field) => a[field] !== b[field])) return false;
  const tokens = [...a.tokenIds].sort();
  const other = [...b.tokenIds].sort();
  return tokens.every((id, index) => id === other[index]);
}

export interface InventoryChanges {
  /** Items to store: added, updated and removed assets only. */
  writes: Asset[];
  counts: SyncCounts;
}

/**
 * Reconciles a workspace's stored assets of the covered types with what the run saw.
 * `found` counts the distinct assets seen.
 */
export function reconcileInventory(
  existing: Iterable<Asset>,
  seen: ReadonlyMap<string, SeenAsset>,
  options: ReconcileOptions,
): InventoryChanges {
  const writes: Asset[] = [];
  const counts: SyncCounts = { found: seen.size, added: 0, updated: 0, removed: 0 };
  const stored = new Map<string, Asset>();
  for (const asset of existing) stored.set(assetKey(asset.type, asset.id), asset);
  const tally = (result: AssetReconciliation) => {
    if (result.outcome === 'added' || result.outcome === 'updated' || result.outcome === 'removed') {
      counts[result.outcome] += 1;
    }
    if (result.write) writes.push(result.write);
  };
  for (const [key, asset] of seen) tally(reconcileAsset(stored.get(key), asset, options));
  for (const [key, asset] of stored) if (!seen.has(key)) tally(reconcileAsset(asset, undefined, options));
  return { writes, counts };
}
