import type * as z from 'zod';
import { jsonResponse, type SimResponse } from './sim-response';

/** Answers and body parsing shared by the control routes. */

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

export function noContent(): SimResponse {
  return { status: 204, headers: {}, body: '' };
}

export function problem(status: number, message: string, issues?: unknown): SimResponse {
  return jsonResponse(status, { error: { message, ...(issues === undefined ? {} : { issues }) } });
}

export function parseBody<T>(schema: z.ZodType<T>, body: string): Parsed<T> {
  let json: unknown;
  try {
    json = body.length === 0 ? {} : JSON.parse(body);
  } catch {
    return { ok: false, response: problem(400, 'body is not JSON') };
  }
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, response: problem(400, 'invalid body', parsed.error.issues) };
}
