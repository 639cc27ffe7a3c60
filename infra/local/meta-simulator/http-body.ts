import type { IncomingMessage } from 'node:http';

/** Larger bodies are refused: nothing the simulator serves needs more. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body over ${MAX_BODY_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Graph takes parameters as a form or as JSON; JSON values that are not strings are sent
 * on as JSON text (`batch` as an array, for example). Throws SyntaxError on bad JSON.
 */
export function bodyParams(contentType: string | undefined, body: string): URLSearchParams {
  if (body.length === 0) return new URLSearchParams();
  if (contentType?.includes('application/json')) {
    const parsed: unknown = JSON.parse(body);
    const params = new URLSearchParams();
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const [name, value] of Object.entries(parsed)) {
        params.set(name, typeof value === 'string' ? value : JSON.stringify(value));
      }
    }
    return params;
  }
  return new URLSearchParams(body);
}

/** `Authorization: Bearer <token>` (or Meta's older `OAuth <token>`). */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1];
}
