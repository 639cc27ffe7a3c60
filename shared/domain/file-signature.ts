import type { UploadRecord } from './upload';

/**
 * What a staged file is, by its first bytes, never by its name or declared type (DESIGN §5
 * "Uploads": checked before Meta). PNG and JPEG carry their pixel size; MP4 and MOV are told
 * apart by the ISO BMFF `ftyp` box's brands.
 */
export type SniffedFile =
  /** `dimensions` is absent when the bytes read end before the size (or the header is damaged). */
  | { format: 'png' | 'jpeg'; dimensions?: { width: number; height: number } }
  | { format: 'mp4' | 'mov'; brand: string }
  /** Neither: `startsLike` says, in words, what the bytes look like instead. */
  | { format: 'unknown'; startsLike: string };

/** Enough for any `ftyp` box and a PNG header; a JPEG's size may sit later (the image is read whole). */
export const SNIFF_BYTES = 4096;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Major or compatible brands of an MP4 (ISO/IEC 14496-12/14, Apple's M4V, DASH). */
const MP4_BRANDS = new Set([
  'isom',
  'iso2',
  'iso3',
  'iso4',
  'iso5',
  'iso6',
  'iso7',
  'iso8',
  'iso9',
  'mp41',
  'mp42',
  'avc1',
  'hvc1',
  'M4V ',
  'M4VH',
  'M4VP',
  'M4A ',
  'dash',
  'mmp4',
  'MSNV',
  'f4v ',
  'XAVC',
]);
const MOV_BRAND = 'qt  ';
/** Old QuickTime files have no `ftyp`: their first atom is one of these. */
const QUICKTIME_FIRST_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis']);
const THIRD_GEN_BRAND = /^3g[p2]/;

export function sniffFile(bytes: Uint8Array): SniffedFile {
  if (startsWith(bytes, PNG_SIGNATURE)) return { format: 'png', ...optional(pngDimensions(bytes)) };
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return { format: 'jpeg', ...optional(jpegDimensions(bytes)) };
  return isoMedia(bytes) ?? { format: 'unknown', startsLike: startsLike(bytes) };
}

function optional(dimensions: { width: number; height: number } | undefined) {
  return dimensions ? { dimensions } : {};
}

/** PNG: the IHDR chunk comes first, width and height its first two 32-bit fields. */
function pngDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 24 || ascii(bytes, 12, 16) !== 'IHDR') return undefined;
  return positive(u32(bytes, 16), u32(bytes, 20));
}

/**
 * JPEG: walks the marker segments (APPn, DQT, DHT, COM …, each with a 16-bit length) to the
 * first start-of-frame (SOF0–SOF15 but DHT C4, JPG C8, DAC CC), which holds height then width.
 */
function jpegDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    while (bytes[at] === 0xff) at += 1; // fill bytes
    const marker = bytes[at];
    if (marker === undefined) return undefined;
    at += 1;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) return undefined; // end or scan before any frame
    if (at + 2 > bytes.length) return undefined;
    const length = u16(bytes, at);
    if (length < 2) return undefined;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (at + 7 > bytes.length) return undefined;
      return positive(u16(bytes, at + 5), u16(bytes, at + 3));
    }
    at += length;
  }
  return undefined;
}

/** An ISO BMFF file (`ftyp` at offset 4) or an old QuickTime one, else undefined. */
function isoMedia(bytes: Uint8Array): SniffedFile | undefined {
  if (bytes.length < 8) return undefined;
  const boxType = ascii(bytes, 4, 8);
  if (boxType !== 'ftyp') {
    return QUICKTIME_FIRST_ATOMS.has(boxType) && u32(bytes, 0) >= 8
      ? { format: 'mov', brand: boxType }
      : undefined;
  }
  const boxSize = u32(bytes, 0);
  if (boxSize < 16 || bytes.length < 12) return undefined;
  const major = ascii(bytes, 8, 12);
  const compatible: string[] = [];
  for (let at = 16; at + 4 <= Math.min(boxSize, bytes.length); at += 4)
    compatible.push(ascii(bytes, at, at + 4));
  if (major === MOV_BRAND) return { format: 'mov', brand: major };
  if (MP4_BRANDS.has(major)) return { format: 'mp4', brand: major };
  if (HEIF_BRANDS.has(major) || THIRD_GEN_BRAND.test(major)) return undefined;
  // An unfamiliar major brand that declares MP4 or QuickTime compatibility is still one.
  if (compatible.some((b) => MP4_BRANDS.has(b))) return { format: 'mp4', brand: major };
  if (compatible.includes(MOV_BRAND)) return { format: 'mov', brand: major };
  return undefined;
}

/** What an unrecognised file starts like, in a marketer's words. */
function startsLike(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'an empty file';
  const head = ascii(bytes, 0, Math.min(bytes.length, 12));
  if (head.startsWith('GIF8')) return 'a GIF image';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'a WebP image';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'AVI ') return 'an AVI video';
  if (head.slice(4, 8) === 'ftyp') {
    const brand = head.slice(8, 12);
    if (HEIF_BRANDS.has(brand)) return 'a HEIC or AVIF image';
    if (THIRD_GEN_BRAND.test(brand)) return 'a 3GP video';
    return `an ISO media file of brand "${brand.trim()}"`;
  }
  if (head.startsWith('%PDF')) return 'a PDF document';
  if (head.startsWith('PK\x03\x04')) return 'a ZIP archive or an Office document';
  if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'a TIFF image';
  if (head.startsWith('BM')) return 'a BMP image';
  if (head.startsWith('ID3')) return 'an MP3 audio file';
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3)
    return 'a WebM or MKV video';
  if (/^\s*<(svg|\?xml)/i.test(head)) return 'an SVG or XML file';
  if (/^\s*<(!doctype|html)/i.test(head)) return 'a web page';
  if (isText(bytes.subarray(0, 64))) return 'text';
  const hex = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `something unrecognised: its first bytes are ${hex}`;
}

/** What the ingest may send on, or why the file is refused (shown to the marketer as is). */
export type FileCheck = { ok: true; width?: number; height?: number } | { ok: false; reason: string };

const FORMAT_NAMES: Record<'png' | 'jpeg' | 'mp4' | 'mov', string> = {
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  mp4: 'an MP4 video',
  mov: 'a MOV video',
};

/** The image format a declared content type names (the upload rules allow only these). */
function declaredImageFormat(contentType: string): 'png' | 'jpeg' | undefined {
  const type = contentType.toLowerCase().split(';')[0]?.trim();
  if (type === 'image/png') return 'png';
  if (type === 'image/jpeg' || type === 'image/jpg' || type === 'image/pjpeg') return 'jpeg';
  return undefined;
}

/**
 * The staged file against what the upload declared: exactly the declared size, then the
 * kind's format (PNG/JPEG with a readable pixel size; MP4/MOV). An image must also be the
 * declared type, since that type was signed into the upload. MP4 and MOV are interchangeable
 * (Meta takes both, and brand and extension disagree often enough in real exports).
 */
export function fileCheck(
  upload: Pick<UploadRecord, 'kind' | 'bytes' | 'contentType'>,
  stagedSize: number,
  sniffed: SniffedFile,
): FileCheck {
  const wrongSize = sizeMismatch(upload.bytes, stagedSize);
  if (wrongSize) return { ok: false, reason: wrongSize };
  if (upload.kind === 'image') return imageCheck(upload.contentType, sniffed);
  if (sniffed.format === 'mp4' || sniffed.format === 'mov') return { ok: true };
  return { ok: false, reason: `This is not an MP4 or MOV video (it starts like ${described(sniffed)}).` };
}

/**
 * Why a staged file of `stagedSize` is refused for a declared `declared` bytes, or undefined
 * when the two agree. Checked before any byte is read: a file larger than declared (s3rver
 * ignores the POST policy) is never loaded.
 */
export function sizeMismatch(declared: number, stagedSize: number): string | undefined {
  if (stagedSize === declared) return undefined;
  return `The file is ${grouped(stagedSize)} bytes, but ${grouped(declared)} were declared; upload it again.`;
}

function imageCheck(contentType: string, sniffed: SniffedFile): FileCheck {
  if (sniffed.format !== 'png' && sniffed.format !== 'jpeg') {
    return {
      ok: false,
      reason: `This file is not a PNG or JPEG image (it starts like ${described(sniffed)}).`,
    };
  }
  const name = sniffed.format === 'png' ? 'PNG' : 'JPEG';
  if (!sniffed.dimensions) {
    return {
      ok: false,
      reason: `The file starts like a ${name} image but its pixel size cannot be read; it may be damaged. Export it again.`,
    };
  }
  if (declaredImageFormat(contentType) !== sniffed.format) {
    return {
      ok: false,
      reason: `The file is a ${name} but was declared ${contentType}; upload it again as ${name}.`,
    };
  }
  return { ok: true, width: sniffed.dimensions.width, height: sniffed.dimensions.height };
}

function described(sniffed: SniffedFile): string {
  return sniffed.format === 'unknown' ? sniffed.startsLike : FORMAT_NAMES[sniffed.format];
}

function grouped(n: number): string {
  return n.toLocaleString('en-US');
}

function positive(width: number, height: number): { width: number; height: number } | undefined {
  return width > 0 && height > 0 ? { width, height } : undefined;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function u16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function u32(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at] ?? 0) << 24) >>> 0) +
    (((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0))
  );
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

function isText(bytes: Uint8Array): boolean {
  return (
    bytes.length > 0 && bytes.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f))
  );
}
