import { isSealedTokenId, type TokenVault } from './token-vault';

/**
 * The vault during the move from Secrets Manager to envelope encryption: new tokens are
 * always sealed (`put`), and an existing ref's id says where its token is, `vault:…` sealed
 * in the app table, anything else a Secrets Manager secret written before the move. The
 * hourly refresh moves each remaining secret over (shared/connect/move-token.ts).
 */
export class RoutingTokenVault implements TokenVault {
  constructor(
    private readonly sealed: TokenVault,
    private readonly secretsManager: TokenVault,
  ) {}

  put(name: string, accessToken: string): Promise<string> {
    return this.sealed.put(name, accessToken);
  }

  replace(secretId: string, accessToken: string): Promise<void> {
    return this.holding(secretId).replace(secretId, accessToken);
  }

  get(secretId: string): Promise<string> {
    return this.holding(secretId).get(secretId);
  }

  delete(secretId: string): Promise<void> {
    return this.holding(secretId).delete(secretId);
  }

  private holding(secretId: string): TokenVault {
    return isSealedTokenId(secretId) ? this.sealed : this.secretsManager;
  }
}
