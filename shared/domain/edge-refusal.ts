import type { SyncTask } from './sync-plan';

/** Why a token was taken off one edge of a task: Meta refused it on permission, or as invalid (190). */
export type TokenRefusal = 'permission' | 'invalid';

/**
 * Whether an edge that no token of its task could read counts as read, with nothing through
 * these tokens. It does for a Business Manager edge that Meta refused on permission (10,
 * 200–299) to every token of the task, all of them system users: a regular system user listed
 * on the BM reaches only what is assigned to it. The assets may still come through another BM
 * or token, and the run is not failed by it; what no token reaches any more is gone. Anything
 * else leaves the edge unknown and fails it as before: a person refused on a BM it is listed on
 * (a person reaches what its BMs hold, so that refusal is a real failure), an invalid token (it
 * may reach the edge once reconnected), a token not tried in this delivery (retired by an
 * earlier one, its secret unreadable), or a token task's own edges.
 * @example edgeReadWithNothing(bmTask, new Map([['su', 'permission']]), new Set(['login'])) // true
 */
export function edgeReadWithNothing(
  task: SyncTask,
  refusals: ReadonlyMap<string, TokenRefusal>,
  people: ReadonlySet<string>,
): boolean {
  if (task.kind !== 'business' || task.tokenIds.length === 0) return false;
  return task.tokenIds.every((id) => !people.has(id) && refusals.get(id) === 'permission');
}
