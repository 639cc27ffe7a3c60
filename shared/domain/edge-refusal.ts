import type { SyncTask } from './sync-plan';

/** Why a token was taken off one edge of a task: Meta refused it on permission, or as invalid (190). */
export type TokenRefusal = 'permission' | 'invalid';

/**
 * Whether an edge that no token of its task could read counts as read, with nothing through
 * these tokens. It does for a Business Manager edge that Meta refused to every token of the
 * task on permission (10, 200–299): a regular system user listed on the BM, a person without
 * the role. The assets may still come through another BM or token, and the run is not failed
 * by it; what no token reaches any more is gone. Anything else leaves the edge unknown and
 * fails it as before: an invalid token (it may reach the edge once reconnected), a token not
 * tried in this delivery (retired by an earlier one, its secret unreadable), or a token
 * task's own edges (a token refused on its own assigned assets is a real failure).
 * @example edgeReadWithNothing(bmTask, new Map([['su', 'permission']])) // true
 */
export function edgeReadWithNothing(task: SyncTask, refusals: ReadonlyMap<string, TokenRefusal>): boolean {
  if (task.kind !== 'business') return false;
  return task.tokenIds.length > 0 && task.tokenIds.every((id) => refusals.get(id) === 'permission');
}
