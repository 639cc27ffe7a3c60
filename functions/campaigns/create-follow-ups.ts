import { queues } from '../../infra/resources';
import { campaignDeps } from '../../shared/campaigns/campaign-root';
import { createFollowUpSchema, followUpCreate } from '../../shared/campaigns/create-follow-up';
import { queueConsumer } from '../../shared/platform/queue';

/** After each create: Meta's own decisions read back into the mirror, the marker label deleted. */
export const handler = queueConsumer(
  { schema: createFollowUpSchema, queueEnvVar: queues.createFollowUps.envVar },
  async ({ body }) => {
    await followUpCreate(await campaignDeps(), body);
  },
);
