import { checkUploadRequest, formatBytes, MiB } from '../../../shared/domain/upload-rules';
import { UnprocessableError } from '../../../shared/platform/errors';

function refusalOf(request: Parameters<typeof checkUploadRequest>[0]) {
  try {
    checkUploadRequest(request);
  } catch (err: unknown) {
    if (err instanceof UnprocessableError)
      return { code: err.code, message: err.message, details: err.details };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('checkUploadRequest', () => {
  it.each([
    [{ kind: 'image', fileName: 'hero.JPG', contentType: 'image/jpeg', size: 2 * MiB }, 'image'],
    [{ kind: 'image', fileName: 'a.jpeg', contentType: 'IMAGE/JPEG', size: 8 * MiB }, 'image'],
    [{ kind: 'image', fileName: 'logo.png', contentType: 'image/png', size: 1 }, 'image'],
    [{ kind: 'video', fileName: 'spot.mp4', contentType: 'video/mp4', size: 200 * MiB }, 'video'],
    [{ kind: 'video', fileName: 'spot.mov', contentType: 'video/quicktime', size: 4 * 1024 * MiB }, 'video'],
  ])('accepts %j', (request, kind) => {
    expect(checkUploadRequest(request).kind).toBe(kind);
  });

  it.each([
    [{ kind: 'audio', fileName: 'a.mp3', contentType: 'audio/mpeg', size: 10 }, 'kind'],
    [{ kind: 'image', fileName: 'a.gif', contentType: 'image/gif', size: 10 }, 'contentType'],
    [{ kind: 'image', fileName: 'a.mp4', contentType: 'video/mp4', size: 10 }, 'contentType'],
    [{ kind: 'image', fileName: 'a.png', contentType: 'image/jpeg', size: 10 }, 'fileName'],
    [{ kind: 'image', fileName: 'noextension', contentType: 'image/png', size: 10 }, 'fileName'],
    [{ kind: 'video', fileName: 'a.mov', contentType: 'video/mp4', size: 10 }, 'fileName'],
    [{ kind: 'image', fileName: 'big.png', contentType: 'image/png', size: 8 * MiB + 1 }, 'size'],
    [{ kind: 'video', fileName: 'big.mp4', contentType: 'video/mp4', size: 4 * 1024 * MiB + 1 }, 'size'],
  ])('refuses %j naming %s', (request, field) => {
    const refusal = refusalOf(request);
    expect(refusal.code).toBe('upload_not_allowed');
    expect(refusal.details).toMatchObject({ field });
    expect(refusal.message.length).toBeGreaterThan(10);
  });

  it('says what the limit is when a file is too large', () => {
    expect(
      refusalOf({ kind: 'image', fileName: 'a.png', contentType: 'image/png', size: 9 * MiB }).message,
    ).toBe('The file is 9.0 MiB; an image may be at most 8 MiB.');
  });

  it('formats sizes as people read them', () => {
    expect([formatBytes(512), formatBytes(2048), formatBytes(3 * MiB), formatBytes(5 * 1024 * MiB)]).toEqual([
      '512 bytes',
      '2 KiB',
      '3.0 MiB',
      '5.0 GiB',
    ]);
  });
});
