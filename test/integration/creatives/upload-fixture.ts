import type { LocalRuntime } from '../../../infra/local/runtime';
import { type ApiAnswer, api } from '../support/runtime';

export interface StagedFile {
  kind: 'image' | 'video';
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  /** Declared size when it differs from the bytes (a file that is not what was announced). */
  declaredSize?: number;
}

/**
 * The dashboard's upload: ask for a presigned POST, then send its fields and the file as a
 * multipart form to the bucket (s3rver locally), as a browser does. The start answer.
 */
export async function uploadThroughApi(
  rt: LocalRuntime,
  token: string,
  file: StagedFile,
): Promise<ApiAnswer> {
  const started = await api(rt, 'POST', '/meta/creatives/uploads', {
    token,
    body: {
      kind: file.kind,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.declaredSize ?? file.bytes.length,
    },
  });
  if (started.status !== 201) return started;
  const form = new FormData();
  for (const [name, value] of Object.entries(started.body.upload.fields as Record<string, string>))
    form.append(name, value);
  form.append('file', new Blob([Buffer.from(file.bytes)], { type: file.contentType }), file.fileName);
  const posted = await fetch(started.body.upload.url as string, { method: 'POST', body: form });
  if (posted.status >= 300) throw new Error(`the presigned POST answered ${posted.status}`);
  return started;
}

/** Polls the upload as the dashboard does until it is ready or rejected; its last read. */
export async function settledUpload(
  rt: LocalRuntime,
  token: string,
  id: string,
  timeoutMs = 30_000,
): Promise<ApiAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const read = await api(rt, 'GET', `/meta/creatives/uploads/${id}`, { token });
    if (read.status !== 200 || read.body.status === 'ready' || read.body.status === 'rejected') return read;
    if (Date.now() > deadline) throw new Error(`upload ${id} still ${read.body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
