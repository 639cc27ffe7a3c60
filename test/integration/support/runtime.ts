import { resolve } from 'node:path';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '../../../infra/local/runtime';

export const ROOT = resolve(__dirname, '..', '..', '..');

/**
 * A whole local runtime for one test file, on the suite's shared DynamoDB Local (its own
 * tables by prefix), with free ports everywhere.
 */
export async function startTestRuntime(options: Partial<LocalRuntimeOptions> = {}): Promise<LocalRuntime> {
  const dynamoEndpoint = process.env.TEST_DYNAMODB_ENDPOINT;
  if (!dynamoEndpoint) throw new Error('TEST_DYNAMODB_ENDPOINT is not set: run through jest (global setup)');
  return startLocalRuntime({ port: 0, rootDir: ROOT, dynamoEndpoint, ...options });
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answer bodies freely
  body: any;
}

/** Calls the API as the dashboard would. */
export async function api(
  rt: LocalRuntime,
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> {
  const token = options.token === undefined ? rt.token() : options.token;
  const res = await fetch(`${rt.url}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  return { status: res.status, headers: res.headers, body };
}
