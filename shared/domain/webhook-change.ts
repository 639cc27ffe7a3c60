import * as z from 'zod';

/**
 * One change from a Meta webhook delivery, normalized: the unit the receiver enqueues and
 * the consumer applies (and dedupes) on its own. `key` is the dedupe key of the change
 * (see `webhook-dedupe-key.ts`); `eventTime` is the entry's `time` in epoch milliseconds.
 */

export const adObjectLevels = ['campaign', 'adset', 'ad', 'creative'] as const;
export type AdObjectLevel = (typeof adObjectLevels)[number];

const metaId = z.string().regex(/^\d{1,32}$/);
const adAccountId = z.string().regex(/^act_\d{1,32}$/);
const level = z.enum(adObjectLevels);

export const webhookChangeSchema = z.discriminatedUnion('kind', [
  /** `with_issues_ad_objects`: the object entered WITH_ISSUES (rejection, delivery block…). */
  z.object({
    kind: z.literal('ad_object_with_issues'),
    adAccountId,
    objectId: metaId,
    level,
    error: z.object({
      code: z.string().optional(),
      summary: z.string().optional(),
      message: z.string().optional(),
    }),
    reviewFeedback: z.record(z.string(), z.string()).optional(),
  }),
  /** `in_process_ad_objects`: the object left IN_PROCESS and landed in `statusName`. */
  z.object({
    kind: z.literal('ad_object_processed'),
    adAccountId,
    objectId: metaId,
    level,
    statusName: z.string(),
    /** Meta's effective_status enum when `statusName` names one ("Paused" → PAUSED). */
    effectiveStatus: z.string().optional(),
  }),
  /** `field_changed`: these fields (e.g. effective_status) changed; the value is not sent. */
  z.object({
    kind: z.literal('ad_object_fields_changed'),
    adAccountId,
    objectId: metaId,
    level,
    changedFields: z.array(z.string()).min(1),
  }),
  /** The `application` object's `ad_account` field: the account's status changed. */
  z.object({
    kind: z.literal('ad_account_status'),
    adAccountId,
    accountStatus: z.number().int().nonnegative(),
    disableReason: z.number().int().nonnegative().optional(),
    businessId: metaId.optional(),
  }),
]);
export type WebhookChange = z.output<typeof webhookChangeSchema>;

export const webhookChangeMessageSchema = z.object({
  key: z.string().regex(/^[0-9a-f]{64}$/),
  /** Meta's envelope `object` and `field` the change came from (for logs and metrics). */
  object: z.string(),
  entryId: z.string(),
  field: z.string(),
  eventTime: z.number().int().nonnegative(),
  change: webhookChangeSchema,
});
export type WebhookChangeMessage = z.output<typeof webhookChangeMessageSchema>;
