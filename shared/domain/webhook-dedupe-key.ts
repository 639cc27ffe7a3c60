import { createHash } from 'node:crypto';

/**
 * Meta sends no delivery id, and retries resend the same bytes (or the same change in a
 * different batch). A change is the same when its object, entry id, entry time, field and
 * value are (§7), so the key hashes exactly those. The value is hashed in a canonical form
 * (keys sorted) so a re-batched retry that orders keys differently still matches.
 */
export interface ChangeIdentity {
  object: string;
  entryId: string;
  entryTime: number;
  field: string;
  value: unknown;
}

/** 64 lowercase hex characters. */
export function webhookChangeKey(change: ChangeIdentity): string {
  const valueHash = sha256(canonicalJson(change.value));
  // A JSON array keeps the parts apart whatever characters they hold.
  return sha256(JSON.stringify([change.object, change.entryId, change.entryTime, change.field, valueHash]));
}

/** JSON with object keys sorted at every depth; arrays keep their order (it is meaningful). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
