import type { Connection, TokenRef } from '../domain/connection';

/** What `GET /integrations/meta` shows: the connection and its tokens, never a token itself. */
export interface ConnectionView {
  status: Connection['status'];
  adAccountId?: string;
  scopes: string[];
  declinedScopes: string[];
  connectedAt?: string;
  tokens: {
    id: string;
    kind: TokenRef['kind'];
    label: string;
    status: TokenRef['status'];
    expiresAt?: string;
    dataAccessExpiresAt?: string;
  }[];
  lastSync?: Connection['lastSync'];
  nextSync?: Connection['nextSync'];
}

export type TokenView = ConnectionView['tokens'][number];

/** A token as the dashboard sees it (its id, kind and state; never the token). */
export function tokenView(t: TokenRef): TokenView {
  return {
    id: t.tokenId,
    kind: t.kind,
    label: t.label,
    status: t.status,
    ...(t.expiresAt ? { expiresAt: t.expiresAt } : {}),
    ...(t.dataAccessExpiresAt ? { dataAccessExpiresAt: t.dataAccessExpiresAt } : {}),
  };
}

export function connectionView(connection: Connection, tokens: TokenRef[]): ConnectionView {
  return {
    status: connection.status,
    ...(connection.adAccountId ? { adAccountId: connection.adAccountId } : {}),
    scopes: connection.scopes,
    declinedScopes: connection.declinedScopes,
    ...(connection.connectedAt ? { connectedAt: connection.connectedAt } : {}),
    tokens: tokens.map(tokenView),
    ...(connection.lastSync ? { lastSync: connection.lastSync } : {}),
    ...(connection.nextSync && connection.status !== 'disconnected' ? { nextSync: connection.nextSync } : {}),
  };
}
