import { Readable } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';

/**
 * Real media bytes for tests and the bench: a decodable PNG, a JPEG header with a true SOF0,
 * and MP4/MOV files (an `ftyp` box, then one `mdat` box of filler). A video is made chunk by
 * chunk (`videoChunks`), so a 200 MB file never sits in memory whole; its filler is a known
 * pattern (`videoByteAt`) so a receiver can check every byte landed where it belongs.
 */

/** A PNG of `width`×`height` black pixels, padded with a private chunk to exactly `size` bytes. */
export function pngBytes(options: { width: number; height: number; size?: number }): Uint8Array {
  const { width, height } = options;
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, adaptive filter, no interlace
  const rows = Buffer.alloc((width * 3 + 1) * height); // filter byte 0 + black pixels per row
  const parts = [
    Uint8Array.from(PNG_SIGNATURE),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
  ];
  const end = pngChunk('IEND', new Uint8Array(0));
  const unpadded = total(parts) + end.length;
  if (options.size !== undefined) {
    if (options.size < unpadded + 12)
      throw new Error(`a ${width}x${height} PNG needs at least ${unpadded + 12} bytes`);
    parts.push(pngChunk('prVt', filler(0, options.size - unpadded - 12)));
  }
  parts.push(end);
  return concat(parts);
}

/**
 * A JPEG's header as cameras write it: SOI, APP0 (JFIF), an APP1 (Exif) of `exifBytes`, a
 * DQT, then SOF0 with the size, a DHT, padding COM segments up to `size`, and EOI.
 */
export function jpegBytes(options: {
  width: number;
  height: number;
  size?: number;
  exifBytes?: number;
}): Uint8Array {
  const segments: Uint8Array[] = [Uint8Array.of(0xff, 0xd8)];
  segments.push(jpegSegment(0xe0, Uint8Array.of(0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0)));
  segments.push(jpegSegment(0xe1, concat([ascii('Exif\0\0'), filler(0, options.exifBytes ?? 64)])));
  segments.push(jpegSegment(0xdb, concat([Uint8Array.of(0), new Uint8Array(64).fill(1)])));
  const frame = new Uint8Array(15);
  const view = new DataView(frame.buffer);
  frame[0] = 8; // precision
  view.setUint16(1, options.height);
  view.setUint16(3, options.width);
  frame.set([3, 1, 0x22, 0, 2, 0x11, 0, 3, 0x11, 0], 5); // three components
  segments.push(jpegSegment(0xc0, frame));
  segments.push(jpegSegment(0xc4, concat([Uint8Array.of(0), new Uint8Array(16), Uint8Array.of()])));
  const eoi = Uint8Array.of(0xff, 0xd9);
  if (options.size !== undefined) {
    let missing = options.size - total(segments) - eoi.length;
    if (missing < 0 || (missing > 0 && missing < 4))
      throw new Error(`a JPEG header cannot be ${options.size} bytes`);
    while (missing > 0) {
      const body = Math.min(missing - 4, 65_533);
      const rest = missing - 4 - body;
      const take = rest > 0 && rest < 4 ? body - 4 : body; // never leave a gap too small for a segment
      segments.push(jpegSegment(0xfe, filler(0, take)));
      missing -= take + 4;
    }
  }
  segments.push(eoi);
  return concat(segments);
}

export type VideoBrand = 'isom' | 'mp42' | 'qt  ';

/** The `ftyp` box and the `mdat` header a video of `size` bytes starts with. */
export function videoHeader(size: number, brand: VideoBrand = 'isom'): Uint8Array {
  const compatible = brand === 'qt  ' ? ['qt  '] : ['isom', 'iso2', 'avc1', 'mp41'];
  const ftyp = box('ftyp', concat([ascii(brand), Uint8Array.of(0, 0, 2, 0), ...compatible.map(ascii)]));
  const mdatHeader = new Uint8Array(8);
  new DataView(mdatHeader.buffer).setUint32(0, Math.max(8, size - ftyp.length));
  mdatHeader.set(ascii('mdat'), 4);
  const header = concat([ftyp, mdatHeader]);
  if (size < header.length) throw new Error(`a video needs at least ${header.length} bytes`);
  return header;
}

/** The byte of a fixture video at `offset` past its header: a period-251 pattern. */
export function videoByteAt(offset: number): number {
  return offset % 251;
}

/** A video of exactly `size` bytes, `chunkBytes` at a time (the last may be shorter). */
export function* videoChunks(
  size: number,
  options: { brand?: VideoBrand; chunkBytes?: number } = {},
): Generator<Uint8Array> {
  const header = videoHeader(size, options.brand);
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  let offset = 0;
  while (offset < size) {
    const length = Math.min(chunkBytes, size - offset);
    const chunk = filler(offset, length);
    if (offset < header.length) chunk.set(header.subarray(offset, Math.min(header.length, offset + length)));
    yield chunk;
    offset += length;
  }
}

/** The whole video in one array, for small files. */
export function videoBytes(size: number, brand?: VideoBrand): Uint8Array {
  return concat([...videoChunks(size, brand ? { brand } : {})]);
}

/** The video as a Node stream (S3 PutObject / a multipart POST of 200 MB). */
export function videoStream(
  size: number,
  options: { brand?: VideoBrand; chunkBytes?: number } = {},
): Readable {
  return Readable.from(videoChunks(size, options), { objectMode: false });
}

/** The fixture pattern from `offset`, `length` bytes (as the video's filler and PNG/JPEG padding). */
export function filler(offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const start = offset % 251;
  const period = PATTERN.subarray(start, start + 251);
  for (let at = 0; at < length; at += 251) out.set(period.subarray(0, Math.min(251, length - at)), at);
  return out;
}

const PATTERN = Uint8Array.from({ length: 502 }, (_, i) => i % 251);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(ascii(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function jpegSegment(marker: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  out[0] = 0xff;
  out[1] = marker;
  new DataView(out.buffer).setUint16(2, body.length + 2);
  out.set(body, 4);
  return out;
}

function box(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length);
  new DataView(out.buffer).setUint32(0, out.length);
  out.set(ascii(type), 4);
  out.set(body, 8);
  return out;
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}

function total(parts: readonly Uint8Array[]): number {
  return parts.reduce((sum, p) => sum + p.length, 0);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(total(parts));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The CRC-32 the simulator keeps of a video it received, as hex. */
export function crc32Hex(bytes: Uint8Array): string {
  return crc32(bytes).toString(16).padStart(8, '0');
}
