import type { UserRecord } from './world-records';

/** Who a Graph call acts as: a person, a system user, or the app itself (`{id}|{secret}`). */
export interface Principal {
  kind: 'user' | 'system_user' | 'app';
  user?: UserRecord;
  scopes: ReadonlySet<string>;
}

export function hasAnyScope(principal: Principal, scopes: readonly string[]): boolean {
  return scopes.some((scope) => principal.scopes.has(scope));
}
