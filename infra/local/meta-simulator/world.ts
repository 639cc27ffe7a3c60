import { createHash } from 'node:crypto';
import { AdObjectStore } from './ad-object-store';
import { AdStudyStore } from './ad-study-records';
import { type AssetReach, computeAssetReach } from './asset-reach';
import { IdList } from './id-list';
import { InsightsStore } from './insights-store';
import { MediaStore } from './media-store';
import type {
  AdAccountRecord,
  BusinessRecord,
  CatalogRecord,
  NodeKind,
  PageRecord,
  PixelRecord,
  TokenKind,
  TokenRecord,
  UserRecord,
} from './world-records';

/** Meta ids are 15–17 digit numbers; ours count up from here so they look alike. */
const ID_BASE = 100_000_000_000_000;
const DAY_SECONDS = 86_400;

export const USER_SCOPES = [
  'public_profile',
  'ads_management',
  'ads_read',
  'business_management',
  'pages_show_list',
  'pages_read_engagement',
  'catalog_management',
];

export const SYSTEM_USER_SCOPES = [
  'ads_management',
  'ads_read',
  'business_management',
  'pages_show_list',
  'catalog_management',
];

/** Lifetimes Meta gives: ~2 h short-lived, ~60 days long-lived, 90 days of data access. */
export const TOKEN_LIFETIME_SECONDS = {
  user_short: 2 * 3600,
  user_long: 60 * DAY_SECONDS,
  dataAccess: 90 * DAY_SECONDS,
} as const;

/** The simulator's state: every node, edge and token, plus who can reach what. */
export class World {
  readonly businesses = new Map<string, BusinessRecord>();
  readonly adAccounts = new Map<string, AdAccountRecord>();
  readonly pages = new Map<string, PageRecord>();
  readonly pixels = new Map<string, PixelRecord>();
  readonly catalogs = new Map<string, CatalogRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  /** People in creation order: the login dialog offers them. */
  readonly people = new IdList();
  /** Campaigns, ad sets, ads and ad labels (the write surface). */
  readonly adObjects = new AdObjectStore();
  /** Ad images, videos and creatives (the media surface). */
  readonly media = new MediaStore();
  /** Split tests (ad studies), made under a business. */
  readonly adStudies = new AdStudyStore();
  /** Insights options, restatements and async report runs. */
  readonly insights = new InsightsStore();

  private sequence = 0;
  private tokenSequence = 0;
  private revision = 0;
  private readonly reachCache = new Map<string, { revision: number; reach: AssetReach }>();

  nextId(): string {
    this.sequence += 1;
    return String(ID_BASE + this.sequence);
  }

  /** Call after changing edges by hand: cached reach is recomputed. */
  touch(): void {
    this.revision += 1;
  }

  kindOf(id: string): NodeKind | undefined {
    if (this.adAccounts.has(id)) return 'ad_account';
    if (this.businesses.has(id)) return 'business';
    if (this.users.has(id)) return 'user';
    if (this.pages.has(id)) return 'page';
    if (this.pixels.has(id)) return 'pixel';
    if (this.catalogs.has(id)) return 'catalog';
    return this.adObjects.kindOf(id);
  }

  createBusiness(name: string, createdTime: string): BusinessRecord {
    const record: BusinessRecord = {
      id: this.nextId(),
      name,
      createdTime,
      verificationStatus: 'verified',
      ownedAdAccounts: new IdList(),
      clientAdAccounts: new IdList(),
      ownedPages: new IdList(),
      clientPages: new IdList(),
      ownedPixels: new IdList(),
      clientPixels: new IdList(),
      ownedCatalogs: new IdList(),
      clientCatalogs: new IdList(),
      systemUsers: new IdList(),
    };
    this.businesses.set(record.id, record);
    this.touch();
    return record;
  }

  createAdAccount(fields: Omit<AdAccountRecord, 'id' | 'accountId' | 'pixels'>): AdAccountRecord {
    const accountId = this.nextId();
    const record: AdAccountRecord = { ...fields, id: `act_${accountId}`, accountId, pixels: new IdList() };
    this.adAccounts.set(record.id, record);
    if (record.businessId) this.businesses.get(record.businessId)?.ownedAdAccounts.add(record.id);
    this.touch();
    return record;
  }

  createPage(fields: Omit<PageRecord, 'id'>): PageRecord {
    const record: PageRecord = { ...fields, id: this.nextId() };
    this.pages.set(record.id, record);
    if (record.businessId) this.businesses.get(record.businessId)?.ownedPages.add(record.id);
    this.touch();
    return record;
  }

  createPixel(fields: Omit<PixelRecord, 'id'>): PixelRecord {
    const record: PixelRecord = { ...fields, id: this.nextId() };
    this.pixels.set(record.id, record);
    if (record.businessId) this.businesses.get(record.businessId)?.ownedPixels.add(record.id);
    this.touch();
    return record;
  }

  createCatalog(fields: Omit<CatalogRecord, 'id'>): CatalogRecord {
    const record: CatalogRecord = { ...fields, id: this.nextId() };
    this.catalogs.set(record.id, record);
    if (record.businessId) this.businesses.get(record.businessId)?.ownedCatalogs.add(record.id);
    this.touch();
    return record;
  }

  createUser(name: string, kind: UserRecord['kind'], homeBusinessId?: string): UserRecord {
    const record: UserRecord = {
      id: this.nextId(),
      name,
      kind,
      businesses: new IdList(),
      adAccounts: new IdList(),
      pages: new IdList(),
      catalogs: new IdList(),
      homeBusinessId,
    };
    this.users.set(record.id, record);
    if (kind === 'user') this.people.add(record.id);
    if (homeBusinessId) this.businesses.get(homeBusinessId)?.systemUsers.add(record.id);
    this.touch();
    return record;
  }

  /**
   * Issues a token. Its text is derived from a counter so a scenario repeats exactly; it
   * starts with `EAA` like Meta's.
   */
  issueToken(userId: string, kind: TokenKind, scopes: string[], nowSeconds: number): TokenRecord {
    this.tokenSequence += 1;
    const digest = createHash('sha256')
      .update(`meta-simulator-token:${this.tokenSequence}`)
      .digest('base64url');
    const record: TokenRecord = {
      accessToken: `EAAS${digest.replace(/[-_]/g, 'Z')}${this.tokenSequence}`,
      label: `tok-${this.tokenSequence}`,
      kind,
      userId,
      scopes: [...scopes],
      issuedAt: nowSeconds,
      expiresAt: kind === 'system_user' ? 0 : nowSeconds + TOKEN_LIFETIME_SECONDS[kind],
      dataAccessExpiresAt: kind === 'system_user' ? 0 : nowSeconds + TOKEN_LIFETIME_SECONDS.dataAccess,
    };
    this.tokens.set(record.accessToken, record);
    return record;
  }

  /** Every token and the counter behind their texts: what survives a restart (see `restoreTokens`). */
  tokenState(): { tokenSequence: number; tokens: TokenRecord[] } {
    return { tokenSequence: this.tokenSequence, tokens: [...this.tokens.values()].map((t) => ({ ...t })) };
  }

  /**
   * Brings back tokens of an earlier run of the same scenario (revoked and expired ones as they
   * were); tokens of users this world does not have are left out.
   */
  restoreTokens(state: { tokenSequence: number; tokens: TokenRecord[] }): void {
    for (const token of state.tokens)
      if (this.users.has(token.userId)) this.tokens.set(token.accessToken, { ...token });
    this.tokenSequence = Math.max(this.tokenSequence, state.tokenSequence);
  }

  /** What a user (or system user) can reach, and with which ownership; cached per revision. */
  reachOf(userId: string): AssetReach {
    const cached = this.reachCache.get(userId);
    if (cached && cached.revision === this.revision) return cached.reach;
    const user = this.users.get(userId);
    const reach = computeAssetReach(this, user);
    this.reachCache.set(userId, { revision: this.revision, reach });
    return reach;
  }
}
