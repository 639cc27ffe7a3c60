/**
 * What the connect flow needs from Meta, as a port: the Graph adapter implements it over the
 * one Graph client, unit tests use an in-memory fake.
 */
export interface ExchangedToken {
  accessToken: string;
  /** Seconds; absent when Meta says the token does not expire. */
  expiresIn?: number;
}

export interface TokenDebugInfo {
  isValid: boolean;
  appId?: string;
  type?: string;
  userId?: string;
  scopes: string[];
  /** The BMs `business_management` is granted on (`granular_scopes` `target_ids`), when named. */
  businessIds?: string[];
  /** Epoch seconds; 0 = never. */
  expiresAt?: number;
  dataAccessExpiresAt?: number;
}

export interface AdAccountSummary {
  id: string;
  name: string;
  currency?: string;
  timezoneName?: string;
  accountStatus?: number;
  businessId?: string;
}

export interface MetaLoginApi {
  exchangeCode(code: string, redirectUri: string): Promise<ExchangedToken>;
  exchangeForLongLived(accessToken: string): Promise<ExchangedToken>;
  debugToken(accessToken: string): Promise<TokenDebugInfo>;
  revokePermissions(accessToken: string): Promise<void>;
  listAdAccounts(accessToken: string): Promise<AdAccountSummary[]>;
  readAdAccount(accessToken: string, adAccountId: string): Promise<AdAccountSummary>;
  subscribeApp(accessToken: string, adAccountId: string): Promise<void>;
  unsubscribeApp(accessToken: string, adAccountId: string): Promise<void>;
}
