import * as z from 'zod';
import { errorBody } from './common';
import { defineEndpoint } from './route-contract';

/** What a verified delivery answers: how many changes were queued and how many ignored. */
export const deliveryReceivedBody = z.object({ accepted: z.number().int(), ignored: z.number().int() });

/**
 * Meta's webhook endpoint (a Lambda Function URL, so not on the HTTP API nor in
 * `/openapi.json`). GET answers the subscription handshake with the challenge as text/plain,
 * POST a verified delivery; any other method is a 405.
 */
export const webhookReceiveEndpoint = defineEndpoint({
  summary: 'Meta webhooks: GET handshake (the challenge, text/plain), POST a signed delivery',
  auth: 'public',
  // The handshake's parameters; a delivery has none.
  query: z.object({
    'hub.mode': z.string().optional(),
    'hub.verify_token': z.string().optional(),
    'hub.challenge': z.string().optional(),
  }),
  responses: {
    200: z.union([z.string(), deliveryReceivedBody]),
    405: errorBody,
  },
});
