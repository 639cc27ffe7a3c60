import { createHash, randomBytes } from 'node:crypto';

/** Every marker label of ours starts so: a reconciler can tell our labels from a marketer's. */
export const MARKER_PREFIX = 'mab-';

const MARKER_HEX_DIGITS = 16;

/**
 * The ad label a create carries (`adlabels=[{"name": marker}]`) so that, when Meta applied the
 * create but its answer was lost, a retry with the same Idempotency-Key computes the same
 * marker and finds the object (`/act_{id}/campaignsbylabels`, `adsetsbylabels`, `adsbylabels`)
 * instead of creating a second one. Without a key nothing can retry it, so the marker is random.
 * Short and fixed-length: an ad account holds at most 100 000 labels, and Meta shows them.
 * @example createMarker('ws_1', 'key-1') // 'mab-' + 16 hex digits, the same on every call
 */
export function createMarker(
  workspaceId: string,
  idempotencyKey: string | undefined,
  random: () => string = () => randomBytes(16).toString('hex'),
): string {
  const seed = idempotencyKey === undefined ? `random|${random()}` : `key|${idempotencyKey}`;
  const digest = createHash('sha256').update(`${workspaceId}|${seed}`).digest('hex');
  return `${MARKER_PREFIX}${digest.slice(0, MARKER_HEX_DIGITS)}`;
}

/** Whether a label name is one of our create markers. */
export function isCreateMarker(labelName: string): boolean {
  return new RegExp(`^${MARKER_PREFIX}[0-9a-f]{${MARKER_HEX_DIGITS}}$`).test(labelName);
}
