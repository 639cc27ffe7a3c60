import type { Context, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { lambdaContext } from '../../../infra/local/lambda-context';
import { queueConsumer } from '../../../shared/platform/queue';

function eventOf(body: string): SQSEvent {
  return {
    Records: [
      {
        messageId: 'm1',
        receiptHandle: 'r1',
        body,
        attributes: { ApproximateReceiveCount: '2' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
        awsRegion: 'us-east-1',
      },
    ],
  } as unknown as SQSEvent;
}

describe('queueConsumer', () => {
  it("hands the consumer the invocation's remaining time and the receive count", async () => {
    const seen: { remaining: number; receiveCount: number; n: number }[] = [];
    const handler = queueConsumer(
      { schema: z.object({ n: z.number() }), queueEnvVar: 'QUEUE_URL_UNUSED' },
      async ({ body, remainingMs, receiveCount }) => {
        seen.push({ remaining: remainingMs(), receiveCount, n: body.n });
      },
    );
    await handler(eventOf('{"n":7}'), lambdaContext('ingest', 30, 512));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.n).toBe(7);
    expect(seen[0]?.receiveCount).toBe(2);
    expect(seen[0]?.remaining).toBeGreaterThan(25_000);
    expect(seen[0]?.remaining).toBeLessThanOrEqual(30_000);
  });

  it('falls back to a far deadline when the context cannot tell', async () => {
    let remaining = 0;
    const handler = queueConsumer(
      { schema: z.object({ n: z.number() }), queueEnvVar: 'QUEUE_URL_UNUSED' },
      async ({ remainingMs }) => {
        remaining = remainingMs();
      },
    );
    const { getRemainingTimeInMillis: _dropped, ...bare } = lambdaContext('ingest', 30, 512);
    await handler(eventOf('{"n":1}'), bare as Context);
    expect(remaining).toBe(15 * 60 * 1000);
  });
});
