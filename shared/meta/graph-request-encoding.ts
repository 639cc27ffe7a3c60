import { randomBytes } from 'node:crypto';
import type { GraphFilePart, GraphParams, GraphRequest } from './graph-transport';

/**
 * The HTTP form of one Graph request, apart from the retry and rate-limit policy around it.
 * The token travels only as `Authorization: Bearer`, never in the URL (URLs end up in proxy,
 * load-balancer and error logs) nor in a body; `appsecret_proof` stays a parameter, where Meta
 * reads it: in the query of a GET/DELETE, in the body of a POST (form or multipart).
 */
export function encodeRequest(
  versionedBase: string,
  req: GraphRequest,
  accessToken: string,
  proof: string,
): { url: URL; init: RequestInit } {
  const url = new URL(`${versionedBase}${normalizePath(req.path)}`);
  const params = serializeParams(req.params);
  // A caller's own access_token would put a token in the URL or body: the header carries the only one.
  delete params.access_token;
  params.appsecret_proof = proof;
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Bearer ${accessToken}`,
  };
  if (req.method === 'POST' && req.body?.kind === 'multipart') {
    const { body, contentType } = multipartBody(params, req.body.files);
    headers['content-type'] = contentType;
    return { url, init: { method: req.method, headers, body } };
  }
  if (req.method === 'POST') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return { url, init: { method: req.method, headers, body: new URLSearchParams(params) } };
  }
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return { url, init: { method: req.method, headers } };
}

/**
 * A `multipart/form-data` body (RFC 7578) in one buffer: the fields, then the files. Built by
 * hand rather than through FormData and Blobs, which copy a 4 MiB video chunk several times
 * on its way out; here each file's bytes are copied once.
 */
export function multipartBody(
  fields: Record<string, string>,
  files: readonly GraphFilePart[],
): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const boundary = `----graph${randomBytes(12).toString('hex')}`;
  const parts: Uint8Array[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`,
      ),
    );
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(file.name)}"; filename="${quoted(file.fileName)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const body = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    body.set(part, at);
    at += part.length;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A name inside a quoted header parameter: quotes and line breaks escaped as browsers do. */
function quoted(text: string): string {
  return text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Query/form values as Meta expects them: objects and arrays as JSON. */
export function serializeParams(params: GraphParams | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    if (value === undefined) continue;
    out[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

export function normalizePath(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}
