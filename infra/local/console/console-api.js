// Calls to the API as the dashboard makes them, and the DOM helpers every part of the console uses.

const token = window.DEV_TOKEN;

export const $ = (id) => document.getElementById(id);

/** An element with text or children: `el('td', 'text')`, `el('tr', [td1, td2])`, `el('a', {className})`. */
export function el(tag, content, props = {}) {
  const node = document.createElement(tag);
  if (Array.isArray(content)) node.append(...content.filter((child) => child !== undefined));
  else if (content !== undefined) node.textContent = content;
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else node[key] = value;
  }
  return node;
}

/** The API answered with an error body (`{error: {code, message, details}}`). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.code = body?.error?.code ?? `http_${status}`;
    this.details = body?.error?.details;
  }
}

/** No answer at all (connection dropped, server gone): the request may or may not have run. */
export class NetworkError extends Error {}

/**
 * One request; resolves with `{status, body, replayed}` on 2xx, throws ApiError or NetworkError.
 * @param headers extra headers, e.g. `{'idempotency-key': key}`
 */
export async function request(method, path, body, headers = {}) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (err) {
    throw new NetworkError(`${method} ${path} got no answer (${err.message}); it may or may not have run`);
  }
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return { status: res.status, body: json, replayed: res.headers.get('idempotent-replayed') === 'true' };
}

/** A read, or a call that is not a §5 mutation: the answer's body. */
export async function api(method, path, body) {
  return (await request(method, path, body)).body;
}

function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID exists only in secure contexts (http://127.0.0.1 is one; a LAN address is not).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A mutation the user asked for once: its Idempotency-Key is made here and kept, so a Retry
 * of the same mutation sends the same key and the API answers it at most once (DESIGN §5).
 */
export function newMutation(method, path, body) {
  return { method, path, body, idempotencyKey: newIdempotencyKey() };
}

export function sendMutation(mutation) {
  return request(mutation.method, mutation.path, mutation.body, {
    'idempotency-key': mutation.idempotencyKey,
  });
}

/**
 * Worth a Retry with the same key: no answer, or an answer the API does not store (DESIGN §5:
 * 5xx, 429 and 409 "same key still in flight" are not replayed).
 */
export function isRetryable(err) {
  if (err instanceof NetworkError) return true;
  if (!(err instanceof ApiError)) return false;
  return err.status >= 500 || err.status === 429 || (err.status === 409 && err.code !== 'approval_decided');
}

/** `?a=1&b=2` from the defined entries. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** "2026-12-01T10:00:00.000Z" → "2026-12-01 10:00:00". */
export function shortTime(iso) {
  return iso ? iso.replace('T', ' ').slice(0, 19) : '';
}
