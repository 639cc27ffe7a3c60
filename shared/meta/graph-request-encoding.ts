import type { GraphParams, GraphRequest } from './graph-transport';

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
    const form = new FormData();
    for (const [name, value] of Object.entries(params)) form.append(name, value);
    for (const file of req.body.files) {
      // A copy into a plain ArrayBuffer: a Blob takes no view onto a SharedArrayBuffer.
      const blob = new Blob([new Uint8Array(file.bytes)], { type: file.contentType });
      form.append(file.name, blob, file.fileName);
    }
    // fetch sets the multipart content type with its boundary.
    return { url, init: { method: req.method, headers, body: form } };
  }
  if (req.method === 'POST') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return { url, init: { method: req.method, headers, body: new URLSearchParams(params) } };
  }
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return { url, init: { method: req.method, headers } };
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
