import * as z from 'zod';
import { queues } from '../../infra/manifest';
import { connectDepsFromEnv } from '../../shared/connect/connect-deps-from-env';
import { refreshWorkspaceTokens } from '../../shared/connect/refresh-tokens';
import { logger } from '../../shared/platform/observability';
import { queueConsumer } from '../../shared/platform/queue';

const refreshRequest = z.object({ workspaceId: z.string().min(1), generation: z.number().int().min(0) });

export const handler = queueConsumer(
  { schema: refreshRequest, queueEnvVar: queues.tokenRefresh.envVar },
  async ({ body }) => {
    const outcome = await refreshWorkspaceTokens(await connectDepsFromEnv(), body);
    logger.info('tokens refreshed', { workspaceId: body.workspaceId, ...outcome });
  },
);
