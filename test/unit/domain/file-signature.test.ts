import { fileCheck, type SniffedFile, sniffFile } from '../../../shared/domain/file-signature';
import { concat, filler, jpegBytes, pngBytes, videoBytes, videoHeader } from '../../support/media-fixtures';

const ascii = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

/** An ISO BMFF `ftyp` box of `major` with `compatible` brands, then filler. */
function ftyp(major: string, compatible: string[] = []): Uint8Array {
  const body = concat([ascii(major), new Uint8Array(4), ...compatible.map(ascii)]);
  const size = new Uint8Array(4);
  new DataView(size.buffer).setUint32(0, 8 + body.length);
  return concat([size, ascii('ftyp'), body, filler(0, 32)]);
}

describe('sniffFile', () => {
  it.each<[string, Uint8Array, SniffedFile]>([
    [
      'a PNG',
      pngBytes({ width: 1200, height: 628 }),
      { format: 'png', dimensions: { width: 1200, height: 628 } },
    ],
    [
      'a padded PNG',
      pngBytes({ width: 3, height: 2, size: 5000 }),
      { format: 'png', dimensions: { width: 3, height: 2 } },
    ],
    ['a PNG cut before IHDR', pngBytes({ width: 1, height: 1 }).subarray(0, 12), { format: 'png' }],
    [
      'a JPEG',
      jpegBytes({ width: 1080, height: 1920 }),
      { format: 'jpeg', dimensions: { width: 1080, height: 1920 } },
    ],
    [
      'a JPEG with a large Exif segment',
      jpegBytes({ width: 640, height: 480, exifBytes: 60_000 }),
      { format: 'jpeg', dimensions: { width: 640, height: 480 } },
    ],
    [
      'a JPEG read only up to its Exif',
      jpegBytes({ width: 640, height: 480, exifBytes: 9000 }).subarray(0, 4096),
      { format: 'jpeg' },
    ],
    ['a JPEG with a scan before any frame', Uint8Array.of(0xff, 0xd8, 0xff, 0xda, 0, 2), { format: 'jpeg' }],
    ['an MP4 (isom)', videoBytes(2000), { format: 'mp4', brand: 'isom' }],
    ['an MP4 (mp42)', videoBytes(2000, 'mp42'), { format: 'mp4', brand: 'mp42' }],
    ['a MOV', videoBytes(2000, 'qt  '), { format: 'mov', brand: 'qt  ' }],
    ['an Apple M4V', ftyp('M4V ', ['M4V ', 'mp42']), { format: 'mp4', brand: 'M4V ' }],
    ['an odd brand compatible with mp42', ftyp('abcd', ['mp42']), { format: 'mp4', brand: 'abcd' }],
    ['an odd brand compatible with QuickTime', ftyp('abcd', ['qt  ']), { format: 'mov', brand: 'abcd' }],
    [
      'an old QuickTime file',
      concat([Uint8Array.of(0, 0, 0, 8), ascii('wide'), filler(0, 20)]),
      { format: 'mov', brand: 'wide' },
    ],
    [
      'a HEIC photo',
      ftyp('heic', ['mif1', 'heic']),
      { format: 'unknown', startsLike: 'a HEIC or AVIF image' },
    ],
    ['a 3GP video', ftyp('3gp4', ['isom']), { format: 'unknown', startsLike: 'a 3GP video' }],
    ['a GIF', ascii('GIF89a\x01\x00\x01\x00'), { format: 'unknown', startsLike: 'a GIF image' }],
    ['a WebP', ascii('RIFF\x10\x00\x00\x00WEBPVP8 '), { format: 'unknown', startsLike: 'a WebP image' }],
    ['a PDF', ascii('%PDF-1.7\n'), { format: 'unknown', startsLike: 'a PDF document' }],
    ['a web page', ascii('<!DOCTYPE html><html>'), { format: 'unknown', startsLike: 'a web page' }],
    ['a text file', ascii('name,budget\nspring,100\n'), { format: 'unknown', startsLike: 'text' }],
    ['nothing', new Uint8Array(0), { format: 'unknown', startsLike: 'an empty file' }],
    [
      'noise',
      Uint8Array.of(0, 1, 2, 3, 250, 251, 252, 253, 9),
      {
        format: 'unknown',
        startsLike: 'something unrecognised: its first bytes are 00 01 02 03 fa fb fc fd',
      },
    ],
  ])('%s', (_name, bytes, expected) => {
    expect(sniffFile(bytes)).toEqual(expected);
  });

  it('reads the size of a large PNG (dimensions above 2^31)', () => {
    const png = pngBytes({ width: 1, height: 1 });
    const wide = png.slice();
    new DataView(wide.buffer).setUint32(16, 0x9000_0000);
    expect(sniffFile(wide)).toEqual({ format: 'png', dimensions: { width: 0x9000_0000, height: 1 } });
  });
});

describe('fileCheck', () => {
  const image = { kind: 'image' as const, bytes: 2_000_000, contentType: 'image/png' };
  const video = { kind: 'video' as const, bytes: 2_000_000, contentType: 'video/mp4' };
  const png: SniffedFile = { format: 'png', dimensions: { width: 1200, height: 628 } };
  const jpeg: SniffedFile = { format: 'jpeg', dimensions: { width: 1080, height: 1080 } };

  it.each<[string, Parameters<typeof fileCheck>, ReturnType<typeof fileCheck>]>([
    ['a PNG declared image/png', [image, 2_000_000, png], { ok: true, width: 1200, height: 628 }],
    [
      'a JPEG declared image/jpeg',
      [{ ...image, contentType: 'image/jpeg' }, 2_000_000, jpeg],
      { ok: true, width: 1080, height: 1080 },
    ],
    [
      'a file shorter than declared',
      [image, 1_234_567, png],
      { ok: false, reason: 'The file is 1,234,567 bytes, but 2,000,000 were declared; upload it again.' },
    ],
    [
      'a JPEG declared image/png',
      [image, 2_000_000, jpeg],
      { ok: false, reason: 'The file is a JPEG but was declared image/png; upload it again as JPEG.' },
    ],
    [
      'a video uploaded as an image',
      [image, 2_000_000, { format: 'mp4', brand: 'isom' }],
      { ok: false, reason: 'This file is not a PNG or JPEG image (it starts like an MP4 video).' },
    ],
    [
      'a GIF uploaded as an image',
      [image, 2_000_000, { format: 'unknown', startsLike: 'a GIF image' }],
      { ok: false, reason: 'This file is not a PNG or JPEG image (it starts like a GIF image).' },
    ],
    [
      'a damaged PNG',
      [image, 2_000_000, { format: 'png' }],
      {
        ok: false,
        reason:
          'The file starts like a PNG image but its pixel size cannot be read; it may be damaged. Export it again.',
      },
    ],
    ['an MP4 video', [video, 2_000_000, { format: 'mp4', brand: 'isom' }], { ok: true }],
    ['a MOV declared video/mp4', [video, 2_000_000, { format: 'mov', brand: 'qt  ' }], { ok: true }],
    [
      'an image uploaded as a video',
      [video, 2_000_000, png],
      { ok: false, reason: 'This is not an MP4 or MOV video (it starts like a PNG image).' },
    ],
    [
      'a video longer than declared',
      [video, 2_000_001, { format: 'mp4', brand: 'isom' }],
      { ok: false, reason: 'The file is 2,000,001 bytes, but 2,000,000 were declared; upload it again.' },
    ],
  ])('%s', (_name, args, expected) => {
    expect(fileCheck(...args)).toEqual(expected);
  });
});

describe('media fixtures', () => {
  it('makes files of exactly the asked size', () => {
    expect(pngBytes({ width: 10, height: 10, size: 100_000 })).toHaveLength(100_000);
    for (const size of [300, 65_540, 200_000, 131_080])
      expect(jpegBytes({ width: 10, height: 10, size })).toHaveLength(size);
    expect(videoBytes(10_000)).toHaveLength(10_000);
    expect(videoBytes(10_000).subarray(0, videoHeader(10_000).length)).toEqual(videoHeader(10_000));
  });
});
