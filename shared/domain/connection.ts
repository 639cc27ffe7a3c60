/**
 * A workspace's link to Meta. `generation` is bumped on every disconnect: work queued for an
 * older generation (sync tasks, refreshes, insights) must do nothing when it runs.
 */
export type ConnectionStatus = 'disconnected' | 'connected' | 'needs_reauth';

export interface Connection {
  workspaceId: string;
  status: ConnectionStatus;
  generation: number;
  /** Bumped by the store on every write; a write based on an older read is refused. */
  revision: number;
  /** The Meta user who logged in (owner of the login token). */
  metaUserId?: string;
  adAccountId?: string;
  /**
   * On a disconnected connection: the ad account the disconnect still owes Meta an
   * unsubscription for, kept until it is settled so a retried disconnect finishes it. Not an
   * ad account in use (no reverse index, not shown).
   */
  pendingUnsubscribe?: string;
  scopes: string[];
  declinedScopes: string[];
  connectedAt?: string;
  connectedBy?: string;
  lastSync?: { syncRunId: string; status: string; finishedAt?: string };
  /** A sync owed once the run going ends (it may have listed the tokens before a token was added). */
  nextSync?: PendingSync;
  updatedAt: string;
}

/**
 * A follow-up sync: a token was added while run `after` was going; a run that starts after
 * `requestedAt` reads it, and the finisher of `after` starts one.
 */
export interface PendingSync {
  reason: 'token_added';
  after: string;
  /** ISO time the follow-up was asked for. */
  requestedAt: string;
}

export type TokenKind = 'user' | 'system_user';

/** Where a token lives and what it can do; the token itself stays in the TokenVault. */
export interface TokenRef {
  tokenId: string;
  workspaceId: string;
  kind: TokenKind;
  label: string;
  metaUserId: string;
  /**
   * Where the access token is stored (TokenVault): `vault:<ws>/<id>`, sealed in the app table;
   * a Secrets Manager name or ARN for a token stored before the vault, until the refresh moves it.
   */
  secretId: string;
  scopes: string[];
  /**
   * BMs debug_token named for the token when it was added (`granular_scopes`,
   * business_management `target_ids`): a system user's BMs, read with those `/me/businesses` lists.
   */
  businessIds?: string[];
  /** ISO time; absent = never expires (system users). */
  expiresAt?: string;
  dataAccessExpiresAt?: string;
  status: 'active' | 'invalid';
  generation: number;
  createdAt: string;
  refreshedAt?: string;
  /** Epoch ms until which a refresh holds this token. */
  refreshLeaseUntil?: number;
}

export function disconnectedConnection(workspaceId: string, now: string, generation = 0): Connection {
  return {
    workspaceId,
    status: 'disconnected',
    generation,
    revision: 0,
    scopes: [],
    declinedScopes: [],
    updatedAt: now,
  };
}
