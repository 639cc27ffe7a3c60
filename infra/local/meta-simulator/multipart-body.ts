/** A file part of a multipart body, its bytes as they came. */
export interface UploadedFile {
  /** The form field (Meta keys an uploaded image by it). */
  field: string;
  fileName?: string;
  contentType?: string;
  bytes: Buffer;
}

export interface MultipartBody {
  /** Text fields, in order. */
  fields: [string, string][];
  files: UploadedFile[];
}

export class MalformedMultipartError extends Error {
  constructor(reason: string) {
    super(`malformed multipart body: ${reason}`);
    this.name = 'MalformedMultipartError';
  }
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The `boundary` of a `multipart/form-data` content type; undefined for another type. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function headerParam(header: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header);
  if (match) return match[1]?.replace(/\\(.)/g, '$1');
  return new RegExp(`;\\s*${name}=([^;\\s]+)`, 'i').exec(header)?.[1];
}

/**
 * Splits a `multipart/form-data` body (RFC 7578) into text fields and file parts. Works on the
 * bytes, not on a string, so binary parts (images, video chunks) arrive unchanged; a part with
 * a `filename` is a file, any other a field.
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const result: MultipartBody = { fields: [], files: [] };
  let position = body.indexOf(delimiter);
  if (position < 0) throw new MalformedMultipartError('no boundary');
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') return result;
    if (!body.subarray(position, position + 2).equals(CRLF))
      throw new MalformedMultipartError('bad delimiter line');
    position += 2;
    const headerEnd = body.indexOf(HEADER_END, position);
    if (headerEnd < 0) throw new MalformedMultipartError('part without headers');
    const headers = body.subarray(position, headerEnd).toString('utf8').split('\r\n');
    const contentStart = headerEnd + HEADER_END.length;
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), contentStart);
    if (next < 0) throw new MalformedMultipartError('unterminated part');
    const content = body.subarray(contentStart, next);
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
    const contentType = headers.find((h) => /^content-type:/i.test(h))?.replace(/^content-type:\s*/i, '');
    const name = headerParam(disposition, 'name');
    if (name === undefined) throw new MalformedMultipartError('part without a name');
    const fileName = headerParam(disposition, 'filename');
    if (fileName === undefined) result.fields.push([name, content.toString('utf8')]);
    else
      result.files.push({
        field: name,
        fileName,
        ...(contentType ? { contentType } : {}),
        // A view, not a copy: the body buffer is this request's own.
        bytes: content,
      });
    position = next + CRLF.length;
  }
}
