import * as z from 'zod';
import { type SentWebhook, sendMetaWebhook } from '../webhook-sender';
import type { SimulatorCore } from './simulator-core';

/** The envelope Meta posts; the changes inside are passed through as given. */
export const webhookPayloadSchema = z.object({
  object: z.string().min(1),
  entry: z
    .array(
      z.looseObject({
        id: z.string().min(1),
        time: z.number().int(),
        changes: z.array(z.object({ field: z.string().min(1), value: z.unknown() })).min(1),
      }),
    )
    .min(1),
});
export type WebhookPayload = z.output<typeof webhookPayloadSchema>;

export type WebhookDeliveryResult =
  | { delivered: true; answer: SentWebhook }
  | { delivered: false; reason: 'no_target' | 'not_subscribed'; adAccountIds?: string[] };

/**
 * Posts a delivery to the app's webhook URL as Meta does: serialized Meta's way and signed
 * with the app secret. Like Meta, ad-account events go only to an app subscribed on that ad
 * account (`POST /act_{id}/subscribed_apps`).
 */
export async function deliverWebhook(
  core: SimulatorCore,
  target: string | undefined,
  payload: WebhookPayload,
): Promise<WebhookDeliveryResult> {
  if (!target) return { delivered: false, reason: 'no_target' };
  if (payload.object === 'ad_account') {
    const unsubscribed = payload.entry
      .map((e) => (e.id.startsWith('act_') ? e.id : `act_${e.id}`))
      .filter((id) => !core.subscriptions.has(id));
    if (unsubscribed.length > 0)
      return { delivered: false, reason: 'not_subscribed', adAccountIds: unsubscribed };
  }
  return { delivered: true, answer: await sendMetaWebhook(target, payload, { key: core.app.appSecret }) };
}
