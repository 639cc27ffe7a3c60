import { FaultBook } from '@infra/local/meta-simulator/fault-book';
import { bodyLimitFor, bodyParams } from '@infra/local/meta-simulator/http-body';
import { imageFormatOf } from '@infra/local/meta-simulator/image-uploads';
import type { VideoRecord } from '@infra/local/meta-simulator/media-records';
import { processingProgressOf, videoStatusOf } from '@infra/local/meta-simulator/media-store';
import {
  MalformedMultipartError,
  multipartBoundary,
  parseMultipart,
} from '@infra/local/meta-simulator/multipart-body';

const BINARY = Buffer.from([0, 255, 13, 10, 45, 45, 1, 2, 13, 10]);

async function encoded(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const response = new Response(form);
  return {
    body: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type') ?? '',
  };
}

describe('multipart bodies', () => {
  it('reads the fields and the file parts fetch writes, binary bytes unchanged', async () => {
    const form = new FormData();
    form.append('upload_phase', 'transfer');
    form.append('note', 'line one\r\nline two');
    form.append('video_file_chunk', new Blob([BINARY], { type: 'application/octet-stream' }), 'chunk');
    const { body, contentType } = await encoded(form);
    const boundary = multipartBoundary(contentType);
    expect(boundary).toBeDefined();
    const parsed = parseMultipart(body, boundary ?? '');
    expect(parsed.fields).toEqual([
      ['upload_phase', 'transfer'],
      ['note', 'line one\r\nline two'],
    ]);
    expect(parsed.files).toHaveLength(1);
    expect(parsed.files[0]).toMatchObject({
      field: 'video_file_chunk',
      fileName: 'chunk',
      contentType: 'application/octet-stream',
    });
    expect(parsed.files[0]?.bytes.equals(BINARY)).toBe(true);
  });

  it('gives multipart bodies room for a chunk and keeps 10 MiB for the others', async () => {
    expect(bodyLimitFor('multipart/form-data; boundary=x')).toBe(64 * 1024 * 1024);
    expect(bodyLimitFor('application/x-www-form-urlencoded')).toBe(10 * 1024 * 1024);
    const form = new FormData();
    form.append('a', 'b');
    const { body, contentType } = await encoded(form);
    expect(bodyParams(contentType, body).params.get('a')).toBe('b');
    expect(bodyParams('application/x-www-form-urlencoded', Buffer.from('a=1')).params.get('a')).toBe('1');
  });

  it('refuses a body cut short', () => {
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue without end');
    expect(() => parseMultipart(body, 'b')).toThrow(MalformedMultipartError);
  });
});

describe('media rules', () => {
  it('knows images by their magic bytes only', () => {
    expect(imageFormatOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(imageFormatOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpg');
    expect(imageFormatOf(Buffer.from('GIF89a'))).toBe('gif');
    expect(imageFormatOf(Buffer.from('BM....'))).toBe('bmp');
    expect(imageFormatOf(Buffer.from([0x49, 0x49, 0x2a, 0x00]))).toBe('tiff');
    expect(imageFormatOf(Buffer.from('<svg></svg>'))).toBeUndefined();
  });

  it('reads a video uploading, then processing until its time, then ready; a forced status wins', () => {
    const video = { receivedBytes: 0, fileSize: 10 } as VideoRecord;
    expect(videoStatusOf(video, 0)).toBe('upload');
    video.readyAtMs = 1000;
    expect(videoStatusOf(video, 500)).toBe('processing');
    expect(processingProgressOf(video, 500, 1000)).toBe(50);
    expect(videoStatusOf(video, 1000)).toBe('ready');
    expect(processingProgressOf(video, 1000, 1000)).toBe(100);
    video.forcedStatus = 'error';
    expect(videoStatusOf(video, 1000)).toBe('error');
  });

  it('lets a fault rule match on parameters, so only the transfers of an upload fail', () => {
    const book = new FaultBook();
    book.add({ path: '/*/advideos', params: { upload_phase: 'transfer' }, status: 500 });
    const target = (phase: string) => ({
      path: '/act_1/advideos',
      method: 'POST',
      params: new URLSearchParams({ upload_phase: phase }),
    });
    expect(book.decide(target('start')).failure).toBeUndefined();
    expect(book.decide(target('transfer')).failure?.status).toBe(500);
    expect(book.decide({ path: '/act_1/advideos', method: 'POST' }).failure).toBeUndefined();
  });
});
