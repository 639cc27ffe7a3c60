import type {
  AdAccountSummary,
  ExchangedToken,
  MetaLoginApi,
  TokenDebugInfo,
} from '../../../shared/connect/meta-login-api';
import { MetaTokenInvalidError, MetaTransientError } from '../../../shared/platform/errors';

/** A scripted Meta for the connect flow's unit tests; records every call. */
export class FakeMetaLogin implements MetaLoginApi {
  calls: string[] = [];
  tokens = new Map<string, TokenDebugInfo>();
  adAccounts = new Map<string, AdAccountSummary[]>();
  revoked = new Set<string>();
  subscribed = new Set<string>();
  failRevoke = false;
  failUnsubscribe = false;
  failExchange = false;
  private seq = 0;

  /** A token Meta knows, for the given user. */
  issue(info: Partial<TokenDebugInfo> & { userId: string }): string {
    const token = `EAAtoken${++this.seq}`;
    this.tokens.set(token, {
      isValid: true,
      appId: 'app-1',
      type: 'USER',
      scopes: ['ads_management', 'ads_read'],
      ...info,
    });
    return token;
  }

  /** The redirect_uri each code exchange sent. */
  redirectUris: string[] = [];

  async exchangeCode(code: string, redirectUri: string): Promise<ExchangedToken> {
    this.calls.push(`exchangeCode ${code}`);
    this.redirectUris.push(redirectUri);
    if (this.failExchange) throw new MetaTransientError('down', { httpStatus: 500, message: 'down' });
    return { accessToken: this.issue({ userId: `user-of-${code}` }), expiresIn: 7200 };
  }

  async exchangeForLongLived(accessToken: string): Promise<ExchangedToken> {
    this.calls.push('exchangeForLongLived');
    const info = this.known(accessToken);
    return {
      accessToken: this.issue({
        ...info,
        userId: info.userId ?? 'unknown',
        expiresAt: Math.floor(Date.now() / 1000) + 60 * 86400,
      }),
      expiresIn: 60 * 86400,
    };
  }

  async debugToken(accessToken: string): Promise<TokenDebugInfo> {
    this.calls.push('debugToken');
    const info = this.tokens.get(accessToken);
    if (!info || this.revoked.has(accessToken)) return { isValid: false, scopes: [] };
    return info;
  }

  async revokePermissions(accessToken: string): Promise<void> {
    this.calls.push('revokePermissions');
    if (this.failRevoke) throw new MetaTransientError('down', { httpStatus: 500, message: 'down' });
    const info = this.known(accessToken);
    for (const [token, other] of this.tokens) if (other.userId === info.userId) this.revoked.add(token);
  }

  async listAdAccounts(accessToken: string): Promise<AdAccountSummary[]> {
    this.calls.push('listAdAccounts');
    return this.adAccounts.get(this.known(accessToken).userId ?? '') ?? [];
  }

  async readAdAccount(accessToken: string, adAccountId: string): Promise<AdAccountSummary> {
    this.calls.push(`readAdAccount ${adAccountId}`);
    const found = (this.adAccounts.get(this.known(accessToken).userId ?? '') ?? []).find(
      (a) => a.id === adAccountId,
    );
    if (!found) throw new MetaTokenInvalidError('cannot read', { httpStatus: 400, code: 190, message: 'x' });
    return found;
  }

  async subscribeApp(accessToken: string, adAccountId: string): Promise<void> {
    this.calls.push(`subscribe ${adAccountId}`);
    this.known(accessToken);
    this.subscribed.add(adAccountId);
  }

  /** As at Meta, a revoked token cannot unsubscribe (code 190). */
  async unsubscribeApp(accessToken: string, adAccountId: string): Promise<void> {
    this.calls.push(`unsubscribe ${adAccountId}`);
    if (this.failUnsubscribe) throw new MetaTransientError('down', { httpStatus: 500, message: 'down' });
    this.known(accessToken);
    this.subscribed.delete(adAccountId);
  }

  private known(accessToken: string): TokenDebugInfo {
    const info = this.tokens.get(accessToken);
    if (!info?.isValid || this.revoked.has(accessToken)) {
      throw new MetaTokenInvalidError('Error validating access token', {
        httpStatus: 400,
        code: 190,
        message: 'invalid',
      });
    }
    return info;
  }
}
