import type { IncomingMessage } from 'node:http';
import { multipartBoundary, parseMultipart, type UploadedFile } from './multipart-body';

/** Larger bodies are refused: nothing but an upload needs more. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** A multipart upload carries an image (Meta: ≤ 30 MB) or one video chunk. */
const MAX_MULTIPART_BODY_BYTES = 64 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`request body over ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The body limit for a content type: multipart uploads get room for a chunk or an image. */
export function bodyLimitFor(contentType: string | undefined): number {
  return multipartBoundary(contentType) === undefined ? MAX_BODY_BYTES : MAX_MULTIPART_BODY_BYTES;
}

export async function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Graph takes parameters as a form, as JSON or as multipart (uploads); JSON values that are
 * not strings are sent on as JSON text (`batch` as an array, for example), multipart file parts
 * come back beside the parameters. Throws SyntaxError on bad JSON, MalformedMultipartError on a
 * broken multipart body.
 */
export function bodyParams(
  contentType: string | undefined,
  body: Buffer,
): { params: URLSearchParams; files: UploadedFile[] } {
  if (body.length === 0) return { params: new URLSearchParams(), files: [] };
  const boundary = multipartBoundary(contentType);
  if (boundary !== undefined) {
    const parsed = parseMultipart(body, boundary);
    return { params: new URLSearchParams(parsed.fields), files: parsed.files };
  }
  const text = body.toString('utf8');
  if (contentType?.includes('application/json')) {
    const parsed: unknown = JSON.parse(text);
    const params = new URLSearchParams();
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const [name, value] of Object.entries(parsed)) {
        params.set(name, typeof value === 'string' ? value : JSON.stringify(value));
      }
    }
    return { params, files: [] };
  }
  return { params: new URLSearchParams(text), files: [] };
}

/** `Authorization: Bearer <token>` (or Meta's older `OAuth <token>`). */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1];
}
