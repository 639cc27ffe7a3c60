import { webhookReceiveEndpoint } from '../../shared/contracts/webhooks';
import { type AnswerOf, httpRoute } from '../../shared/platform/http';
import {
  answerHandshake,
  MAX_WEBHOOK_BODY_BYTES,
  receiveDelivery,
} from '../../shared/webhooks/receive-delivery';
import { receiveDeps } from '../../shared/webhooks/roots/receive-deps';

/**
 * Meta's webhook endpoint (a Lambda Function URL; locally `/webhooks/meta`). GET is the
 * subscription handshake, POST a delivery verified over its raw bytes. The body and the
 * signature are never logged.
 */
export const handler = httpRoute(
  webhookReceiveEndpoint,
  async (req): Promise<AnswerOf<typeof webhookReceiveEndpoint>> => {
    if (req.method === 'GET') {
      const challenge = await answerHandshake(req.query, receiveDeps().keys);
      return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: challenge };
    }
    if (req.method !== 'POST') {
      return {
        status: 405,
        headers: { allow: 'GET, POST' },
        body: { error: { code: 'method_not_allowed', message: 'Use GET or POST.' } },
      };
    }
    const result = await receiveDelivery(
      {
        body: req.rawBody,
        signature: req.headers['x-hub-signature-256'],
        contentType: req.headers['content-type'],
      },
      receiveDeps(),
    );
    return { status: 200, body: { accepted: result.accepted, ignored: result.ignored.length } };
  },
  { maxBodyBytes: MAX_WEBHOOK_BODY_BYTES },
);
