import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long the previous signing key stays valid after a rotation (§7). */
export const PREVIOUS_KEY_WINDOW_MS = 7 * 24 * 3600 * 1000;

/** The keys the receiver may check a delivery against; `rotatedAt` is an ISO-8601 time. */
export interface WebhookSigningKeys {
  current: string;
  previous?: string;
  rotatedAt?: string;
}

export type SignatureRejection = 'missing' | 'malformed' | 'mismatch';

export type SignatureCheck =
  | { ok: true; key: 'current' | 'previous' }
  | { ok: false; reason: SignatureRejection };

const PREFIX = 'sha256=';
const HEX_DIGEST = /^[0-9a-fA-F]{64}$/;

/**
 * The previous key counts only while `rotatedAt ≤ now < rotatedAt + 7 days`; without a
 * (parseable) rotation time it never counts, so a forgotten PREVIOUS cannot stay valid forever.
 */
export function previousKeyAccepted(keys: WebhookSigningKeys, now: Date): boolean {
  if (keys.previous === undefined || keys.rotatedAt === undefined) return false;
  const rotatedAt = Date.parse(keys.rotatedAt);
  if (Number.isNaN(rotatedAt)) return false;
  const t = now.getTime();
  return rotatedAt <= t && t < rotatedAt + PREVIOUS_KEY_WINDOW_MS;
}

/**
 * Checks `X-Hub-Signature-256: sha256=<hex>` against HMAC-SHA256 of the raw body bytes as
 * received. Hex is case-insensitive; anything but exactly 64 hex digits after the `sha256=`
 * prefix is malformed (refused without throwing); digests are compared in constant time.
 * Never throws on attacker input.
 * @example verifyWebhookSignature(rawBytes, headers['x-hub-signature-256'], keys, new Date())
 */
export function verifyWebhookSignature(
  rawBody: Buffer,
  header: string | undefined,
  keys: WebhookSigningKeys,
  now: Date,
): SignatureCheck {
  if (header === undefined || header === '') return { ok: false, reason: 'missing' };
  if (!header.startsWith(PREFIX)) return { ok: false, reason: 'malformed' };
  const hex = header.slice(PREFIX.length);
  if (!HEX_DIGEST.test(hex)) return { ok: false, reason: 'malformed' };
  const claimed = Buffer.from(hex, 'hex');
  if (digestMatches(rawBody, keys.current, claimed)) return { ok: true, key: 'current' };
  if (previousKeyAccepted(keys, now) && keys.previous !== undefined) {
    if (digestMatches(rawBody, keys.previous, claimed)) return { ok: true, key: 'previous' };
  }
  return { ok: false, reason: 'mismatch' };
}

/** `sha256=<lowercase hex>` exactly as Meta sends it. */
export function webhookSignatureHeader(rawBody: Buffer | string, key: string): string {
  return `${PREFIX}${createHmac('sha256', key).update(rawBody).digest('hex')}`;
}

function digestMatches(rawBody: Buffer, key: string, claimed: Buffer): boolean {
  const expected = createHmac('sha256', key).update(rawBody).digest();
  return expected.length === claimed.length && timingSafeEqual(expected, claimed);
}
