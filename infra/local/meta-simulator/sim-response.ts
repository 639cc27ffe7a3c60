/** An answer of the simulator before it is written to the socket (or into a batch item). */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Close the connection without answering (a lost answer). */
  drop?: boolean;
}

const JSON_TYPE = 'application/json; charset=UTF-8';

export function jsonResponse(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): SimResponse {
  return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

export function htmlResponse(status: number, html: string): SimResponse {
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html };
}

export function redirectResponse(location: string): SimResponse {
  return { status: 302, headers: { Location: location }, body: '' };
}
