import { syncRunStore } from '../../store/dynamodb/sync-run-store';
import type { SyncRunStore } from '../../store/sync-run-store';

/** The sync area's root for `GET /meta/sync/{syncRunId}`: one file per read-only GET, so its bundle holds one store. */
export function syncRunReadDeps(): { runs: SyncRunStore } {
  return { runs: syncRunStore() };
}
