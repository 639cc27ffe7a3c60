import { queues } from '../../infra/resources';
import { queueConsumer } from '../../shared/platform/queue';
import { handleSyncMessage } from '../../shared/sync/handle-sync-message';
import { syncMessageSchema } from '../../shared/sync/sync-messages';
import { syncWorkDeps } from '../../shared/sync/sync-work-root';

/** The `syncTasks` consumer: a run's planning (fan-out) and its BM / token tasks (fan-in). */
export const handler = queueConsumer(
  { schema: syncMessageSchema, queueEnvVar: queues.syncTasks.envVar },
  async ({ body }) => handleSyncMessage(await syncWorkDeps(), body),
);
