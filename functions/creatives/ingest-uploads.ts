import { queues } from '../../infra/resources';
import { ingestMessageSchema } from '../../shared/creatives/ingest-messages';
import { ingestDeps } from '../../shared/creatives/ingest-root';
import { handleIngestMessage } from '../../shared/creatives/ingest-upload';
import { queueConsumer } from '../../shared/platform/queue';

/**
 * The staging bucket's object-created events and our continuations: each upload checked, then
 * sent to Meta (a video chunk by chunk, resumable); waits go back on the queue, never slept.
 */
export const handler = queueConsumer(
  { schema: ingestMessageSchema, queueEnvVar: queues.uploadIngest.envVar },
  async ({ body, remainingMs, receiveCount }) => {
    await handleIngestMessage(await ingestDeps(), body, {
      remainingMs,
      receiveCount,
      maxReceiveCount: queues.uploadIngest.maxReceiveCount,
    });
  },
);
