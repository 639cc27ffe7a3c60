import type { IdList } from './id-list';

/** The kinds of Graph nodes the simulator holds. */
export type NodeKind =
  | 'user'
  | 'business'
  | 'ad_account'
  | 'page'
  | 'pixel'
  | 'catalog'
  | 'campaign'
  | 'adset'
  | 'ad'
  | 'adlabel';

export interface BusinessRecord {
  id: string;
  name: string;
  createdTime: string;
  verificationStatus: 'verified' | 'not_verified';
  ownedAdAccounts: IdList;
  clientAdAccounts: IdList;
  ownedPages: IdList;
  clientPages: IdList;
  ownedPixels: IdList;
  clientPixels: IdList;
  ownedCatalogs: IdList;
  clientCatalogs: IdList;
  systemUsers: IdList;
}

export interface AdAccountRecord {
  /** `act_{account_id}` */
  id: string;
  accountId: string;
  name: string;
  currency: string;
  timezoneName: string;
  /** 1 active, 2 disabled, 3 unsettled, 7 pending risk review, 9 grace period, 101 closed… */
  accountStatus: number;
  /** 0 none, 1 ads integrity policy, 2 ads IP review, 3 risk payment… */
  disableReason: number;
  businessId?: string;
  createdTime: string;
  pixels: IdList;
  /** What the client may fill an EU ad set's `dsa_beneficiary` / `dsa_payor` from (Meta does not). */
  defaultDsaBeneficiary?: string;
  defaultDsaPayor?: string;
}

export interface PageRecord {
  id: string;
  name: string;
  category: string;
  businessId?: string;
}

export interface PixelRecord {
  id: string;
  name: string;
  businessId?: string;
  creationTime: string;
  lastFiredTime: string;
}

export interface CatalogRecord {
  id: string;
  name: string;
  businessId?: string;
  productCount: number;
  vertical: string;
}

/** A person (employee) or a Business Manager system user. */
export interface UserRecord {
  id: string;
  name: string;
  kind: 'user' | 'system_user';
  /**
   * BMs the token's `/me/businesses` lists: those a person administers, or those a system
   * user is listed on (empty for a classic system user).
   */
  businesses: IdList;
  /** A system user with the admin role: it reads the edges of its BMs. */
  admin?: boolean;
  /** Employee-assigned (`/me/adaccounts`) or system-user assigned ad accounts. */
  adAccounts: IdList;
  /** Employee-assigned (`/me/accounts`) or system-user assigned pages. */
  pages: IdList;
  /** System-user assigned catalogs. */
  catalogs: IdList;
  /** The BM a system user belongs to. */
  homeBusinessId?: string;
}

export type TokenKind = 'user_short' | 'user_long' | 'system_user';

/**
 * Why a token stopped working: app removed by the user (458), session invalidated (460), or
 * its system user removed from the Business Manager (467).
 */
export type TokenInvalidation = 'deauthorized' | 'invalidated' | 'system_user_removed';

export interface TokenRecord {
  accessToken: string;
  /** Stable short label for logs and fault rules; never the token. */
  label: string;
  kind: TokenKind;
  userId: string;
  scopes: string[];
  /** Epoch seconds. */
  issuedAt: number;
  /** Epoch seconds; 0 = never (system users). */
  expiresAt: number;
  /** Epoch seconds; 0 = none. */
  dataAccessExpiresAt: number;
  invalidation?: TokenInvalidation;
}
