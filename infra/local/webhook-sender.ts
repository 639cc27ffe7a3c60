import { createHmac } from 'node:crypto';

/**
 * Sends webhooks the way Meta does: the payload serialized like Meta's (PHP-style) JSON —
 * every non-ASCII character as a lowercase `\uXXXX` escape and every `/` as `\/` — signed
 * with `X-Hub-Signature-256: sha256=<hex>` over exactly those bytes, POSTed as
 * application/json. Used by tests, the bench and the simulator's control API.
 */

/** Meta's serialization: `{"name":"Caf\u00e9 \/ Bar"}` where JSON.stringify gives `Café / Bar`. */
export function metaWebhookJson(payload: unknown): string {
  // Outside strings, JSON.stringify emits only ASCII and never `/`, so escaping the whole
  // text touches string contents only.
  return JSON.stringify(payload)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `sha256=<lowercase hex>` of HMAC-SHA256(key, body). */
export function metaWebhookSignature(body: Buffer | string, key: string): string {
  return `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
}

export interface SendWebhookOptions {
  /** The app's signing key (META_WEBHOOK_SIGNING_KEY_CURRENT on the receiving side). */
  key: string;
  /** Send these bytes instead of Meta's serialization of the payload (tests of bad bodies). */
  body?: Buffer | string;
  /** Override the computed signature header; `null` sends none. */
  signature?: string | null;
  /** @default 'application/json' */
  contentType?: string;
  /** @default 10000 */
  timeoutMs?: number;
}

export interface SentWebhook {
  status: number;
  body: string;
  /** Wall time from sending to the end of the answer. */
  ms: number;
}

/**
 * POSTs a signed webhook delivery to `url` and returns Meta's view of the answer.
 * @example await sendMetaWebhook(`${runtime.url}/webhooks/meta`, withIssuesPayload(...), { key })
 */
export async function sendMetaWebhook(
  url: string,
  payload: unknown,
  options: SendWebhookOptions,
): Promise<SentWebhook> {
  const body = options.body ?? metaWebhookJson(payload);
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  const signature =
    options.signature === undefined ? metaWebhookSignature(body, options.key) : options.signature;
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : new Uint8Array(body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  return { status: res.status, body: text, ms: performance.now() - started };
}

/** Meta's delivery envelope: one entry per object, each with its changes. */
export interface MetaWebhookEntry {
  id: string;
  /** Epoch seconds. */
  time: number;
  changes: { field: string; value: unknown }[];
}

export function metaWebhookPayload(object: string, entries: MetaWebhookEntry[]): unknown {
  return { object, entry: entries };
}

/** An `ad_account` delivery: `with_issues_ad_objects` for one object. */
export function withIssuesPayload(input: {
  adAccountId: string;
  objectId: string;
  level: 'CAMPAIGN' | 'AD_SET' | 'AD' | 'CREATIVE';
  time: number;
  errorCode?: string;
  errorSummary?: string;
  errorMessage?: string;
  reviewFeedback?: Record<string, Record<string, string>>;
}): unknown {
  return metaWebhookPayload('ad_account', [
    {
      id: input.adAccountId.replace(/^act_/, ''),
      time: input.time,
      changes: [
        {
          field: 'with_issues_ad_objects',
          value: {
            id: input.objectId,
            level: input.level,
            ...(input.errorCode === undefined ? {} : { error_code: input.errorCode }),
            ...(input.errorSummary === undefined ? {} : { error_summary: input.errorSummary }),
            ...(input.errorMessage === undefined ? {} : { error_message: input.errorMessage }),
            ...(input.reviewFeedback === undefined ? {} : { review_feedback: input.reviewFeedback }),
          },
        },
      ],
    },
  ]);
}

/** An `ad_account` delivery: `in_process_ad_objects` for one object. */
export function inProcessPayload(input: {
  adAccountId: string;
  objectId: string;
  level: 'CAMPAIGN' | 'AD_SET' | 'AD' | 'CREATIVE';
  time: number;
  statusName: string;
}): unknown {
  return metaWebhookPayload('ad_account', [
    {
      id: input.adAccountId.replace(/^act_/, ''),
      time: input.time,
      changes: [
        {
          field: 'in_process_ad_objects',
          value: { id: input.objectId, level: input.level, status_name: input.statusName },
        },
      ],
    },
  ]);
}

/** An `application` delivery: the ad account's status changed. */
export function accountStatusPayload(input: {
  appId: string;
  adAccountId: string;
  time: number;
  accountStatus: number;
  disableReason?: number;
  businessId?: string;
}): unknown {
  return metaWebhookPayload('application', [
    {
      id: input.appId,
      time: input.time,
      changes: [
        {
          field: 'ad_account',
          value: {
            id: input.adAccountId.replace(/^act_/, ''),
            account_status: input.accountStatus,
            ...(input.disableReason === undefined ? {} : { disable_reason: input.disableReason }),
            ...(input.businessId === undefined ? {} : { business: input.businessId }),
          },
        },
      ],
    },
  ]);
}
