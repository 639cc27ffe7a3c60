import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * JSON squeezed into a binary attribute: a sync task's thousands of sightings fit in a few
 * items (400 KB each at most) instead of one item per sighting.
 */
export function compressJson(value: unknown): Uint8Array {
  return gzipSync(Buffer.from(JSON.stringify(value), 'utf8'));
}

export function decompressJson(bytes: Uint8Array): unknown {
  return JSON.parse(gunzipSync(bytes).toString('utf8'));
}
