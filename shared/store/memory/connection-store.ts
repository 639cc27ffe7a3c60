import { type Connection, disconnectedConnection, type TokenRef } from '../../domain/connection';
import type { ConnectionStore } from '../connection-store';

/** In-memory ConnectionStore with the same optimistic rules as the DynamoDB one. */
export class InMemoryConnectionStore implements ConnectionStore {
  readonly connections = new Map<string, Connection>();
  readonly tokens = new Map<string, TokenRef>();

  async get(workspaceId: string): Promise<Connection> {
    const c = this.connections.get(workspaceId);
    return c ? structuredClone(c) : disconnectedConnection(workspaceId, new Date(0).toISOString());
  }

  async put(next: Connection): Promise<boolean> {
    const current = await this.get(next.workspaceId);
    if (current.revision !== next.revision) return false;
    this.connections.set(next.workspaceId, { ...structuredClone(next), revision: next.revision + 1 });
    return true;
  }

  async putWithToken(next: Connection, token: TokenRef, replacing: string | undefined): Promise<boolean> {
    if (this.tokens.get(key(token.workspaceId, token.tokenId))?.secretId !== replacing) return false;
    if (!(await this.put(next))) return false;
    await this.putToken(token);
    return true;
  }

  async listTokens(workspaceId: string): Promise<TokenRef[]> {
    return [...this.tokens.values()]
      .filter((t) => t.workspaceId === workspaceId)
      .map((t) => structuredClone(t));
  }

  async getWithTokens(
    workspaceId: string,
    tokenIds: readonly string[],
  ): Promise<{ connection: Connection; tokens: TokenRef[] }> {
    const tokens = (await this.listTokens(workspaceId)).filter((t) => tokenIds.includes(t.tokenId));
    return { connection: await this.get(workspaceId), tokens };
  }

  async putToken(token: TokenRef): Promise<void> {
    this.tokens.set(key(token.workspaceId, token.tokenId), structuredClone(token));
  }

  async replaceToken(token: TokenRef): Promise<boolean> {
    if (this.tokens.get(key(token.workspaceId, token.tokenId))?.secretId !== token.secretId) return false;
    await this.putToken(token);
    return true;
  }

  async leaseToken(workspaceId: string, tokenId: string, nowMs: number, leaseMs: number): Promise<boolean> {
    const token = this.tokens.get(key(workspaceId, tokenId));
    if (!token || (token.refreshLeaseUntil !== undefined && token.refreshLeaseUntil >= nowMs)) return false;
    token.refreshLeaseUntil = nowMs + leaseMs;
    return true;
  }

  async moveTokenSecret(
    workspaceId: string,
    tokenId: string,
    fromSecretId: string,
    toSecretId: string,
  ): Promise<boolean> {
    const token = this.tokens.get(key(workspaceId, tokenId));
    if (!token || token.secretId !== fromSecretId) return false;
    token.secretId = toSecretId;
    return true;
  }

  async deleteToken(workspaceId: string, tokenId: string): Promise<void> {
    this.tokens.delete(key(workspaceId, tokenId));
  }

  async workspacesUsingAdAccount(adAccountId: string): Promise<string[]> {
    return this.connected()
      .filter((c) => c.adAccountId === adAccountId)
      .map((c) => c.workspaceId);
  }

  async workspacesOfMetaUser(metaUserId: string): Promise<string[]> {
    return this.connected()
      .filter((c) => c.metaUserId === metaUserId)
      .map((c) => c.workspaceId);
  }

  async connectedWorkspaces(): Promise<string[]> {
    return this.connected().map((c) => c.workspaceId);
  }

  private connected(): Connection[] {
    return [...this.connections.values()].filter((c) => c.status !== 'disconnected');
  }
}

const key = (workspaceId: string, tokenId: string) => `${workspaceId}/${tokenId}`;
