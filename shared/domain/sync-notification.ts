import type { NotificationKind } from './notification';
import type { SyncCounts, SyncError, SyncRun } from './sync-run';

export interface SyncNotificationContent {
  kind: Extract<NotificationKind, 'sync_succeeded' | 'sync_partial' | 'sync_failed'>;
  title: string;
  message: string;
  data: Record<string, unknown>;
}

/** At most this many errors travel with the notification; the run keeps them all. */
const ERRORS_IN_NOTIFICATION = 5;

/**
 * The in-app notification of a concluded run: the counts, or what failed, in words a
 * marketer reads.
 * @example syncNotificationContent(run).message // 'Found 120 assets: 5 added, 2 updated, 1 removed.'
 */
export function syncNotificationContent(
  run: Pick<SyncRun, 'syncRunId' | 'status' | 'counts' | 'tasks' | 'cleanup' | 'errors' | 'assetTypes'>,
): SyncNotificationContent {
  const data = {
    syncRunId: run.syncRunId,
    status: run.status,
    ...run.counts,
    assetTypes: run.assetTypes,
    cleanup: run.cleanup ?? 'skipped',
    tasks: run.tasks,
    errors: run.errors.slice(0, ERRORS_IN_NOTIFICATION),
  };
  const found = describeCounts(run.counts);
  switch (run.status) {
    case 'succeeded':
      return { kind: 'sync_succeeded', title: 'Meta assets synced', message: `${found}.`, data };
    case 'failed':
      return {
        kind: 'sync_failed',
        title: 'Meta sync failed',
        message: `Nothing could be read from Meta${firstError(run.errors)}. Your asset lists were left as they were.`,
        data,
      };
    default: {
      const failed = run.tasks.failed > 0 ? `${run.tasks.failed} of ${run.tasks.total} parts` : 'some parts';
      return {
        kind: 'sync_partial',
        title: 'Meta sync partly failed',
        message: `${found}. ${failed} could not be read${firstError(run.errors)}; nothing was removed.`,
        data,
      };
    }
  }
}

function describeCounts(counts: SyncCounts): string {
  const noun = counts.found === 1 ? 'asset' : 'assets';
  return `Found ${counts.found} ${noun}: ${counts.added} added, ${counts.updated} updated, ${counts.removed} removed`;
}

function firstError(errors: readonly SyncError[]): string {
  const [first] = errors;
  if (!first) return '';
  const where = first.businessId ? ` (Business Manager ${first.businessId})` : '';
  return `${where}: ${first.message}`;
}
