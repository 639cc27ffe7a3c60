import { logger } from '../../shared/platform/observability';
import { scheduledJob } from '../../shared/platform/schedule';
import { scheduleSyncs } from '../../shared/sync/schedule-syncs';
import { syncStartDeps } from '../../shared/sync/sync-root';

/** Periodic: starts an asset sync of every connected workspace. */
export const handler = scheduledJob(async () => {
  const tally = await scheduleSyncs(syncStartDeps());
  logger.info('periodic asset sync fanned out', tally);
});
