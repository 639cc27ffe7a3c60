import type { TokenRef } from './connection';

/** Scopes the login asks for (issue: connect). */
export const REQUESTED_SCOPES = [
  'ads_management',
  'ads_read',
  'business_management',
  'pages_show_list',
  'catalog_management',
] as const;

/** Without at least one of these the connection can do nothing useful. */
const ESSENTIAL_SCOPES = ['ads_read', 'ads_management'];

/** Refresh a long-lived token once fewer than this many ms remain. */
export const REFRESH_BEFORE_MS = 7 * 24 * 3600 * 1000;

export function declinedScopes(granted: readonly string[]): string[] {
  return REQUESTED_SCOPES.filter((s) => !granted.includes(s));
}

export function hasEssentialScopes(granted: readonly string[]): boolean {
  return ESSENTIAL_SCOPES.some((s) => granted.includes(s));
}

/** A user token nearing expiry is exchanged again; system-user tokens never expire. */
export function needsRefresh(token: Pick<TokenRef, 'kind' | 'expiresAt' | 'status'>, nowMs: number): boolean {
  if (token.status !== 'active' || token.kind !== 'user' || token.expiresAt === undefined) return false;
  return Date.parse(token.expiresAt) - nowMs < REFRESH_BEFORE_MS;
}

/** Meta's `expires_at` / `data_access_expires_at` are epoch seconds, 0 meaning never. */
export function isoFromEpochSeconds(seconds: number | undefined): string | undefined {
  return seconds === undefined || seconds === 0 ? undefined : new Date(seconds * 1000).toISOString();
}
