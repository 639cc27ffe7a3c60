import { queues } from '../../infra/manifest';
import { refreshRequests } from '../../shared/connect/refresh-tokens';
import { resourceName } from '../../shared/platform/config';
import { logger } from '../../shared/platform/observability';
import { scheduledJob } from '../../shared/platform/schedule';
import { DynamoConnectionStore } from '../../shared/store/dynamodb/connection-store';
import { sendJsonBatch } from '../../shared/store/queue';

const connections = new DynamoConnectionStore();

/** Hourly: one refresh message per connected workspace. */
export const handler = scheduledJob(async () => {
  const requests = await refreshRequests({ connections });
  const queueUrl = resourceName(queues.tokenRefresh.envVar);
  await sendJsonBatch(queueUrl, requests);
  logger.info('token refresh fanned out', { workspaces: requests.length });
});
