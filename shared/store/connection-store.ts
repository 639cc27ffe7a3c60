import type { Connection, TokenRef } from '../domain/connection';

/**
 * Connections, token references and the reverse indexes that webhooks and disconnect need.
 * Connection writes are optimistic: a write based on a read that another writer has since
 * overtaken (a refresh racing a disconnect) is refused instead of overwriting.
 */
export interface ConnectionStore {
  /** The workspace's connection; a never-connected workspace reads `disconnected`, generation 0. */
  get(workspaceId: string): Promise<Connection>;
  /** Writes `next` unless the stored revision moved past `next.revision`; false if it did. */
  put(next: Connection): Promise<boolean>;
  /**
   * `put`, and the token written in the same transaction, only over the token that was read:
   * the one naming `replacing`, or none when it is undefined. A write refused either way writes
   * nothing (a confirm overtaken by a disconnect leaves the live login alone; one overtaken by
   * a token's move into the vault reads again rather than orphan the moved copy).
   */
  putWithToken(next: Connection, token: TokenRef, replacing: string | undefined): Promise<boolean>;
  listTokens(workspaceId: string): Promise<TokenRef[]>;
  /** The connection and those of the given tokens that exist, read in one round trip. */
  getWithTokens(
    workspaceId: string,
    tokenIds: readonly string[],
  ): Promise<{ connection: Connection; tokens: TokenRef[] }>;
  putToken(token: TokenRef): Promise<void>;
  /**
   * Overwrites a token that still names `token.secretId`; false when it was deleted (a
   * disconnect) or replaced by a login of its own secret (a reconnect) since it was read, so a
   * refresh or a sync never writes an old login back over a new one.
   */
  replaceToken(token: TokenRef): Promise<boolean>;
  /**
   * Takes the token's refresh lease until `nowMs + leaseMs` if nobody holds it: two refreshes
   * running at once exchange the token once.
   */
  leaseToken(workspaceId: string, tokenId: string, nowMs: number, leaseMs: number): Promise<boolean>;
  /**
   * Points a token at another stored secret, only if it still names `fromSecretId`: false when
   * the token was replaced (a reconnect) or deleted (a disconnect) meanwhile. The rest of the
   * token, its refresh lease included, stays as it is.
   */
  moveTokenSecret(
    workspaceId: string,
    tokenId: string,
    fromSecretId: string,
    toSecretId: string,
  ): Promise<boolean>;
  deleteToken(workspaceId: string, tokenId: string): Promise<void>;
  /** Connected workspaces whose picked ad account is `adAccountId` (webhook fan-out). */
  workspacesUsingAdAccount(adAccountId: string): Promise<string[]>;
  /** Connected workspaces holding a token of this Meta user (revoke only when none other). */
  workspacesOfMetaUser(metaUserId: string): Promise<string[]>;
  /** Every connected workspace (periodic jobs fan out one message each). */
  connectedWorkspaces(): Promise<string[]>;
}
