import * as z from 'zod';
import { isMetaEffectiveStatus } from './effective-status';
import type { AdObjectLevel, WebhookChange, WebhookChangeMessage } from './webhook-change';
import { webhookChangeKey } from './webhook-dedupe-key';
import { entryTimeMs } from './webhook-event-order';

/*
 * Meta's webhook payloads, as documented (Marketing API "Ads webhooks", updated 2026-07, and
 * the Graph API webhooks reference for the `application` topic):
 *   https://developers.facebook.com/documentation/ads-commerce/marketing-api/ads-webhooks/with-issues-ad-objects
 *   https://developers.facebook.com/documentation/ads-commerce/marketing-api/ads-webhooks/in-process-ad-objects
 *   https://developers.facebook.com/documentation/ads-commerce/marketing-api/ads-webhooks/effective-status
 *   https://developers.facebook.com/docs/graph-api/webhooks/reference/application/ (field `ad_account`)
 *
 * Envelope, every topic: {"object": "<topic>", "entry": [{"id": "<id>", "time": <epoch s>,
 * "changes": [{"field": "<field>", "value": {...}}]}]}; several entries and several changes
 * per entry are possible. For `object: "ad_account"` the entry id is the ad account id
 * (`<AD_ACCOUNT_ID>`; we accept it with or without `act_`).
 *
 * - `with_issues_ad_objects` (the object entered WITH_ISSUES):
 *     {"id": "<OBJECT_ID>", "level": "AD", "error_code": "567",
 *      "error_summary": "error summary", "error_message": "error message"}
 *   level is CAMPAIGN | AD_SET | AD | CREATIVE; error_code is a string in Meta's example
 *   (numbers accepted too). No review feedback in the payload (Meta says to poll
 *   `review_feedback`); a `review_feedback` in Graph's shape is taken when present (the
 *   simulator sends it) and flattened (see `flattenReviewFeedback`).
 * - `in_process_ad_objects` (the object finished processing and left IN_PROCESS):
 *     {"id": "<OBJECT_ID>", "level": "CREATIVE", "status_name": "Paused"}
 *   status_name is human-readable ("Paused", "Active", "Pending review").
 * - `field_changed` (effective_status webhook, v2026): {"object_id": "<OBJECT_ID>",
 *   "object_type": "ad" | "adset" | "campaign", "changed_fields": ["effective_status"]}; the new
 *   value is NOT sent, so the mirror only records that a refresh is due.
 * - Account status: topic `object: "application"` (entry id = the app id), field `ad_account`,
 *     {"id": "<AD_ACCOUNT_ID>", "account_status": 2, "disable_reason": 1, "business": "<BM id>"}
 *   account_status and disable_reason are the AdAccount enums (uint32).
 * Other ad_account fields (ad_recommendations, creative_fatigue, product_set_issue) and other
 * topics are recorded as ignored.
 */

const numericId = z.union([z.string().regex(/^\d{1,32}$/), z.number().int().nonnegative()]).transform(String);
const adAccountId = z
  .union([z.string().regex(/^(act_)?\d{1,32}$/), z.number().int().nonnegative()])
  .transform((id) => (String(id).startsWith('act_') ? String(id) : `act_${id}`));
const uint = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d{1,10}$/)
    .transform(Number),
]);

const metaLevel = z
  .string()
  .transform((l) => l.toUpperCase())
  .pipe(z.enum(['CAMPAIGN', 'AD_SET', 'ADSET', 'AD', 'CREATIVE']))
  .transform(
    (l): AdObjectLevel => (l === 'AD_SET' || l === 'ADSET' ? 'adset' : (l.toLowerCase() as AdObjectLevel)),
  );

const withIssuesValue = z.object({
  id: numericId,
  level: metaLevel,
  error_code: z.union([z.string(), z.number()]).transform(String).optional(),
  error_summary: z.string().optional(),
  error_message: z.string().optional(),
  review_feedback: z.record(z.string(), z.unknown()).transform(flattenReviewFeedback).optional(),
});

const inProcessValue = z.object({ id: numericId, level: metaLevel, status_name: z.string().min(1) });

const fieldChangedValue = z.object({
  object_id: numericId,
  object_type: metaLevel,
  changed_fields: z.array(z.string().min(1)).min(1),
});

const applicationAdAccountValue = z.object({
  id: adAccountId,
  account_status: uint,
  disable_reason: uint.optional(),
  business: numericId.optional(),
});

const envelopeSchema = z.object({
  object: z.string().min(1),
  entry: z.array(
    z.object({
      id: z.union([z.string().min(1), z.number()]).transform(String),
      time: z.number().nonnegative(),
      changes: z.array(z.object({ field: z.string().min(1), value: z.unknown() })).default([]),
    }),
  ),
});

/**
 * Graph's `review_feedback` is `{global: {<policy>: <text>}, placement_specific: {<placement>:
 * {<policy>: <text>}}}`; flattened to `{<policy>: <text>, "<placement>.<policy>": <text>}`.
 * Only text leaves count; anything else in it is dropped rather than failing the change.
 */
function flattenReviewFeedback(feedback: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  const walk = (node: unknown, path: string[]) => {
    if (typeof node === 'string') {
      if (path.length > 0) flat[path.join('.')] = node;
      return;
    }
    if (node === null || typeof node !== 'object' || Array.isArray(node) || path.length > 3) return;
    for (const [key, child] of Object.entries(node)) {
      walk(child, key === 'global' || key === 'placement_specific' ? path : [...path, key]);
    }
  };
  walk(feedback, []);
  return flat;
}

export type IgnoreReason = 'unsupported_object' | 'unsupported_field' | 'invalid_value' | 'too_large';

export interface IgnoredChange {
  object: string;
  entryId: string;
  field: string;
  reason: IgnoreReason;
}

export type ParsedDelivery =
  | { ok: true; changes: WebhookChangeMessage[]; ignored: IgnoredChange[] }
  | { ok: false; problem: string };

/**
 * Splits a verified delivery into normalized changes (deduplicated within the delivery) and
 * the changes it ignores. Only the envelope can make the whole delivery invalid; one bad
 * change is ignored on its own, since Meta resending it would not make it better.
 * @example parseWebhookDelivery(JSON.parse(body)) // { ok: true, changes: [...], ignored: [] }
 */
export function parseWebhookDelivery(json: unknown): ParsedDelivery {
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    return { ok: false, problem: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'is invalid'}` };
  }
  const { object } = envelope.data;
  const changes = new Map<string, WebhookChangeMessage>();
  const ignored: IgnoredChange[] = [];
  for (const entry of envelope.data.entry) {
    for (const { field, value } of entry.changes) {
      const result = toChange(object, entry.id, field, value);
      if (!result.ok) {
        ignored.push({ object, entryId: entry.id, field, reason: result.reason });
        continue;
      }
      const key = webhookChangeKey({ object, entryId: entry.id, entryTime: entry.time, field, value });
      changes.set(key, {
        key,
        object,
        entryId: entry.id,
        field,
        eventTime: entryTimeMs(entry.time),
        change: result.change,
      });
    }
  }
  return { ok: true, changes: [...changes.values()], ignored };
}

type ChangeResult = { ok: true; change: WebhookChange } | { ok: false; reason: IgnoreReason };

function toChange(object: string, entryId: string, field: string, value: unknown): ChangeResult {
  if (object === 'ad_account') return adAccountChange(entryId, field, value);
  if (object === 'application') {
    if (field !== 'ad_account') return { ok: false, reason: 'unsupported_field' };
    const v = applicationAdAccountValue.safeParse(value);
    if (!v.success) return { ok: false, reason: 'invalid_value' };
    return {
      ok: true,
      change: {
        kind: 'ad_account_status',
        adAccountId: v.data.id,
        accountStatus: v.data.account_status,
        ...(v.data.disable_reason === undefined ? {} : { disableReason: v.data.disable_reason }),
        ...(v.data.business === undefined ? {} : { businessId: v.data.business }),
      },
    };
  }
  return { ok: false, reason: 'unsupported_object' };
}

function adAccountChange(entryId: string, field: string, value: unknown): ChangeResult {
  const account = adAccountId.safeParse(entryId);
  if (!account.success) return { ok: false, reason: 'invalid_value' };
  const adAccount = account.data;
  switch (field) {
    case 'with_issues_ad_objects': {
      const v = withIssuesValue.safeParse(value);
      if (!v.success) return { ok: false, reason: 'invalid_value' };
      const error = {
        ...(v.data.error_code === undefined ? {} : { code: v.data.error_code }),
        ...(v.data.error_summary === undefined ? {} : { summary: v.data.error_summary }),
        ...(v.data.error_message === undefined ? {} : { message: v.data.error_message }),
      };
      return {
        ok: true,
        change: {
          kind: 'ad_object_with_issues',
          adAccountId: adAccount,
          objectId: v.data.id,
          level: v.data.level,
          error,
          ...(v.data.review_feedback === undefined ? {} : { reviewFeedback: v.data.review_feedback }),
        },
      };
    }
    case 'in_process_ad_objects': {
      const v = inProcessValue.safeParse(value);
      if (!v.success) return { ok: false, reason: 'invalid_value' };
      const effective = v.data.status_name
        .trim()
        .toUpperCase()
        .replace(/[\s-]+/g, '_');
      return {
        ok: true,
        change: {
          kind: 'ad_object_processed',
          adAccountId: adAccount,
          objectId: v.data.id,
          level: v.data.level,
          statusName: v.data.status_name,
          ...(isMetaEffectiveStatus(effective) ? { effectiveStatus: effective } : {}),
        },
      };
    }
    case 'field_changed': {
      const v = fieldChangedValue.safeParse(value);
      if (!v.success) return { ok: false, reason: 'invalid_value' };
      return {
        ok: true,
        change: {
          kind: 'ad_object_fields_changed',
          adAccountId: adAccount,
          objectId: v.data.object_id,
          level: v.data.object_type,
          changedFields: v.data.changed_fields,
        },
      };
    }
    default:
      return { ok: false, reason: 'unsupported_field' };
  }
}
