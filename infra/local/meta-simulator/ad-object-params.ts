import { malformedParameter } from './ad-object-errors';

/**
 * Reading write parameters as Meta takes them: form values, arrays and objects as JSON text,
 * integers as digit strings, booleans as `true`/`false` (or `1`/`0`).
 */

export function stringParam(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null ? undefined : value;
}

export function jsonParam(params: URLSearchParams, name: string): unknown {
  const raw = params.get(name);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw malformedParameter(name, 'a valid JSON value');
  }
}

export function jsonObjectParam(params: URLSearchParams, name: string): Record<string, unknown> | undefined {
  const value = jsonParam(params, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw malformedParameter(name, 'a JSON object');
  return value as Record<string, unknown>;
}

export function jsonArrayParam(params: URLSearchParams, name: string): unknown[] | undefined {
  const value = jsonParam(params, name);
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw malformedParameter(name, 'a JSON array');
  return value;
}

export function stringArrayParam(params: URLSearchParams, name: string): string[] | undefined {
  const value = jsonArrayParam(params, name);
  if (value === undefined) return undefined;
  if (!value.every((item) => typeof item === 'string')) throw malformedParameter(name, 'an array of strings');
  return value as string[];
}

/** A non-negative integer (budgets, bids, caps in minor units). */
export function integerParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  if (!/^\d{1,15}$/.test(raw.trim())) throw malformedParameter(name, 'a non-negative integer');
  return Number(raw.trim());
}

export function booleanParam(params: URLSearchParams, name: string): boolean | undefined {
  const raw = params.get(name)?.trim().toLowerCase();
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw malformedParameter(name, 'a boolean');
}

export function isValidateOnly(params: URLSearchParams): boolean {
  const options = stringArrayParam(params, 'execution_options');
  return options?.includes('validate_only') ?? false;
}
