import { createHash } from 'node:crypto';
import { imageTooLarge, imageUnreadable, noImageData } from './media-errors';
import type { ImageRecord } from './media-records';
import { jsonResponse, type SimResponse } from './sim-response';
import type { GraphCall, SimulatorCore } from './simulator-core';

/** Meta's limit for an ad image file. */
export const MAX_IMAGE_BYTES = 30 * 1024 * 1024;

type ImageFormat = 'png' | 'jpg' | 'gif' | 'bmp' | 'tiff';

/** The format by magic bytes: what Meta can read; anything else is refused. */
export function imageFormatOf(bytes: Buffer): ImageFormat | undefined {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (starts(0x42, 0x4d)) return 'bmp';
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  return undefined;
}

/** A PNG's size from its IHDR chunk (the others are left without one). */
function dimensionsOf(bytes: Buffer, format: ImageFormat): { width: number; height: number } | undefined {
  if (format !== 'png' || bytes.length < 24) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Checks one image as Meta does; the record to keep, or Meta's refusal thrown. */
function acceptImage(core: SimulatorCore, adAccountId: string, name: string, bytes: Buffer): ImageRecord {
  if (bytes.length > MAX_IMAGE_BYTES) throw imageTooLarge(MAX_IMAGE_BYTES);
  const format = imageFormatOf(bytes);
  if (format === undefined) throw imageUnreadable();
  const hash = createHash('md5').update(bytes).digest('hex');
  return {
    hash,
    adAccountId,
    name,
    url: `${core.baseUrl}/media/${adAccountId}/${hash}.${format}`,
    bytes: bytes.length,
    ...dimensionsOf(bytes, format),
    createdMs: core.nowMs(),
  };
}

/**
 * `POST /act_{id}/adimages` with file parts (multipart; each keyed by its file name) or
 * `bytes` (base64): `{images: {<key>: {hash, url}}}`, the hash being the MD5 of the bytes.
 * Every image is checked before any is kept.
 */
export function uploadImages(core: SimulatorCore, call: GraphCall, adAccountId: string): SimResponse {
  const sources: { name: string; bytes: Buffer }[] = (call.files ?? []).map((file) => ({
    name: file.fileName || file.field,
    bytes: file.bytes,
  }));
  const base64 = call.params.get('bytes');
  if (base64 !== null) sources.push({ name: 'bytes', bytes: Buffer.from(base64, 'base64') });
  if (sources.length === 0) throw noImageData();
  const records = sources.map((source) => acceptImage(core, adAccountId, source.name, source.bytes));
  const images: Record<string, { hash: string; url: string }> = {};
  for (const record of records) {
    core.world.media.addImage(record);
    images[record.name] = { hash: record.hash, url: record.url };
  }
  return jsonResponse(200, { images });
}
