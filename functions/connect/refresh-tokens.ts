import * as z from 'zod';
import { queues } from '../../infra/resources';
import { connectDeps } from '../../shared/connect/connect-root';
import { refreshWorkspaceTokens } from '../../shared/connect/refresh-tokens';
import { logger } from '../../shared/platform/observability';
import { queueConsumer } from '../../shared/platform/queue';

const refreshRequest = z.object({ workspaceId: z.string().min(1), generation: z.number().int().min(0) });

export const handler = queueConsumer(
  { schema: refreshRequest, queueEnvVar: queues.tokenRefresh.envVar },
  async ({ body }) => {
    const outcome = await refreshWorkspaceTokens(await connectDeps(), body);
    logger.info('tokens refreshed', { workspaceId: body.workspaceId, ...outcome });
  },
);
