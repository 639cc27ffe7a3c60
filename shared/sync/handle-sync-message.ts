import { planSync } from './plan-sync';
import { requeueThrottled } from './requeue-throttled';
import { runSyncTask } from './run-sync-task';
import type { SyncWorkDeps } from './sync-deps';
import type { SyncMessage } from './sync-messages';

/** One message of the `syncTasks` queue: a run's planning, or one of its tasks. */
export async function handleSyncMessage(deps: SyncWorkDeps, message: SyncMessage): Promise<void> {
  if (message.kind === 'plan') await planSync(deps, message);
  else await requeueThrottled(message, () => runSyncTask(deps, message));
}
