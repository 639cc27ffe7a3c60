import type { SimulatedAdStudy } from './ad-study-records';
import type { WebhookDeliveryResult, WebhookPayload } from './webhook-delivery';
/**
 * The public surface of the Meta Graph API simulator: what tests, the bench and the local
 * runtime pass in and get back. Field names on the wire follow Meta; these are our own.
 */

/** How a workspace relates to an asset; the strongest seen wins: owned > client > assigned. */
export type Ownership = 'owned' | 'client' | 'assigned';

/** Counts per Business Manager in a {@link ScenarioSpec}. */
export interface PerBusinessCounts {
  ownedAdAccounts: number;
  clientAdAccounts: number;
  ownedPages: number;
  clientPages: number;
  ownedPixels: number;
  clientPixels: number;
  ownedCatalogs: number;
  clientCatalogs: number;
}

/**
 * A tenant to build, of any size. The same spec on a fresh simulator builds the same tenant.
 *
 * How the pieces relate (so tests know what to expect):
 * - user `i` administers every Business Manager `b` with `b % tokens === i`;
 * - `overlap` of each BM's client assets are owned by the next BM (`(b + 1) % businesses`),
 *   the rest by an outside client BM no token administers;
 * - each token user gets `employeeAssigned` ad accounts / pages: `overlap` of them from
 *   other users' BMs, half the rest from its own BMs, the others personal (no BM);
 * - system user `s` belongs to BM `s % businesses` and is assigned every other owned ad
 *   account and page of it, and every other owned and client catalog; its token lists no BM;
 * - each of `systemUsers` belongs to the BMs it names (the first is its home), which its
 *   token's `/me/businesses` and `debug_token` `granular_scopes` list: an admin reads their
 *   BM edges; a regular one gets Meta's (#200) on them and is assigned every other owned ad
 *   account and page of each, and every other owned and client catalog;
 * - every ad account carries `adAccountPixels` pixels: the first from its owning BM when it
 *   has pixels, the others shared from a partner BM outside the tenant.
 */
export interface ScenarioSpec {
  businesses: number;
  /** User tokens, one per distinct user. */
  tokens: number;
  /**
   * The BMs (indices into `businesses`) each user administers, by user; set, it replaces the
   * round-robin (a user without an entry administers none).
   */
  userBusinesses?: number[][];
  /** System users of the classic kind: one BM each, assigned assets only. */
  systemUserTokens?: number;
  /** System users listed on BMs, each with a token (after `systemUserTokens`' ones). */
  systemUsers?: SystemUserSpec[];
  perBusiness: PerBusinessCounts;
  /** Per token user, overlapping with BM-owned ones. */
  employeeAssigned?: { adAccounts: number; pages: number };
  /** Pixels per ad account (`/act_{id}/adspixels`), some shared from other BMs. */
  adAccountPixels?: number;
  /** Fraction 0..1 of client and employee-assigned assets also reachable another way. @default 0.2 */
  overlap?: number;
  /** PRNG seed for names and statuses. @default 1 */
  seed?: number;
  /** `default_dsa_beneficiary` / `default_dsa_payor` of every ad account this seed creates. */
  adAccountDsa?: { beneficiary: string; payor: string };
  /** Most ad labels an ad account may hold (Meta: 100 000); lower it to test the limit. */
  adLabelLimit?: number;
  /** How long a new ad reads PENDING_REVIEW before Meta approves it. @default 5 */
  adReviewSeconds?: number;
  /** Names for the token users, in order (default `Test User {n}`). */
  userNames?: string[];
  /** Names for the Business Managers, in order (default `Business {n}`). */
  businessNames?: string[];
}

/** A Business Manager system user whose token reaches BMs (`/me/businesses`). */
export interface SystemUserSpec {
  /** Indices into the scenario's `businesses`; the first is the system user's home BM. */
  businesses: number[];
  /**
   * An admin system user acts on everything its BMs own or manage (their BM edges work); a
   * regular one only on what is assigned to it. @default false
   */
  admin?: boolean;
  name?: string;
}

/** A token the scenario made; `id` is the stable label used in the request log. */
export interface SeededToken {
  id: string;
  accessToken: string;
  userId: string;
  kind: 'user' | 'system_user';
}

/**
 * One asset a full sync with all the scenario's tokens should find. `businessId` is the
 * owning Business Manager (Meta's `business` / `owner_business` field), absent for assets
 * no BM owns; `tokenIds` lists, in token order, every token that reaches the asset.
 */
export interface ExpectedAsset {
  id: string;
  name: string;
  ownership: Ownership;
  businessId?: string;
  tokenIds: string[];
}

export interface ExpectedAssets {
  adAccounts: ExpectedAsset[];
  pages: ExpectedAsset[];
  pixels: ExpectedAsset[];
  catalogs: ExpectedAsset[];
}

/** What a seeded tenant holds, and the ground truth a full sync should produce. */
export interface SeededScenario {
  tokens: SeededToken[];
  businessIds: string[];
  expected: ExpectedAssets;
}

/** The Graph error a fault answers with (defaults follow Meta per code). */
export interface FaultError {
  code: number;
  error_subcode?: number;
  is_transient?: boolean;
  message?: string;
  type?: string;
  error_user_title?: string;
  error_user_msg?: string;
}

/**
 * A fault injected into matching calls (batch items included, each on its own).
 *
 * `path` is matched against the path without version or query (`/me/businesses`,
 * `/act_1/adspixels`): a string starting with `^` is a regular expression, anything else a
 * glob where `*` matches within one segment and `**` across segments
 * (`/*\/owned_ad_accounts`). A rule fires on a match while it has `times` left (unlimited
 * when absent), and then only for a `ratio` share of matches (deterministic PRNG, all when
 * absent). A firing rule waits `latencyMs`, then answers `status` with a Graph error body;
 * a rule without `status` only adds latency. Throttle codes (4, 17, 32, 613, 80000–80014)
 * get Meta's usage headers unless `headers` sets them; Meta itself sends no `Retry-After`.
 */
export interface FaultRule {
  path: string;
  /**
   * `lostAnswer`: the call runs and is applied (a create creates), then its answer is lost:
   * `answer` says how — `http500` (a 500 with no Graph body, the default), `drop` (the
   * connection is closed without an answer) or `timeout` (no answer for `holdMs`, then the
   * connection closes). A batch item loses its answer as `http500`. Without `kind`, the rule
   * fails the call with `status` (or only adds latency).
   */
  kind?: 'lostAnswer';
  answer?: 'http500' | 'drop' | 'timeout';
  /** How long a `timeout` lost answer holds the connection. @default 60000 */
  holdMs?: number;
  method?: string;
  /**
   * Parameters the call must carry, with these values (query or body), e.g.
   * `{upload_phase: 'transfer'}` to fail only the chunks of a video upload.
   */
  params?: Record<string, string>;
  /** A token label (`SeededToken.id`) or the raw access token. */
  token?: string;
  times?: number;
  ratio?: number;
  /**
   * Seeds the dice of `ratio`: the same rule with the same seed fails the same matches.
   * @default derived from the rule itself
   */
  seed?: number;
  status?: number;
  error?: FaultError;
  headers?: Record<string, string>;
  latencyMs?: number;
  /** `estimated_time_to_regain_access` (minutes) in generated throttle headers. @default 1 */
  regainAccessMinutes?: number;
}

/** One call the simulator answered; `token` is a stable label, never the token itself. */
export interface RequestLogEntry {
  method: string;
  /** Without version and query, e.g. `/me/businesses`; a batch is `/`. */
  path: string;
  token?: string;
  /**
   * How the access token arrived: `query` whenever the URL carries one (a batch item's
   * `relative_url` counts), else `body`, `header` (`Authorization: Bearer|OAuth`) or `none`.
   * A batch item without a token of its own says how the batch's token arrived.
   */
  tokenIn: 'header' | 'query' | 'body' | 'none';
  /**
   * Secret-bearing parameters the URL carried, by name: any of `access_token`,
   * `client_secret`, `fb_exchange_token`, `input_token`, `code`. Values are never kept.
   */
  secretsInUrl: string[];
  status: number;
  /** Epoch milliseconds. */
  at: number;
  /** True for the items of a batch (the batch request itself is logged as `POST /`). */
  viaBatch: boolean;
}

export interface RequestFilter {
  path?: string | RegExp;
  token?: string;
  method?: string;
  viaBatch?: boolean;
}

export interface MetaSimulatorOptions {
  /** 0 or omitted: a free port. */
  port?: number;
  appId?: string;
  appSecret?: string;
  /** Added to every HTTP request (requests wait in parallel). */
  latencyMs?: number;
  /** The tenant to start with; without it (and without `seedFile`) the dev scenario. */
  seed?: ScenarioSpec;
  /** A JSON file `{scenario?, faults?, latencyMs?}` read at start (used by `npm start`). */
  seedFile?: string;
  /**
   * Where tokens and webhook subscriptions are kept between runs (read at start, written at
   * close), so what the app stored stays valid after a restart. Omitted: nothing is kept.
   */
  stateFile?: string;
  /**
   * Reject Graph calls made with a user or system-user token that carry no `appsecret_proof`,
   * like an app with "Require App Secret" on. On by default: our client always sends the
   * proof, and production apps should have the setting on. @default true
   */
  requireAppsecretProof?: boolean;
  /**
   * Give every ad account of the seeded tenant campaigns with a month of Insights history
   * (`DEV_INSIGHTS_HISTORY`), as `npm start` does. @default false
   */
  insightsHistory?: boolean;
  /** The resumable video chunk size. @default 4 MiB */
  videoChunkBytes?: number;
  /** How long a finished video reads `processing`. @default 1000 */
  videoProcessingMs?: number;
}

/** An ad's review outcome set by a test (`POST /__sim/ads/{id}/review`). */
export interface AdReviewDecision {
  decision: 'approve' | 'disapprove';
  /** The `ad_review_feedback` key and text. @default "Ad rejected" / a policy message */
  summary?: string;
  message?: string;
  /** e.g. `facebook_feed`: the feedback is placement-specific instead of global. */
  placement?: string;
}

/** What is at "Meta" in one ad account (`GET /__sim/ad-accounts/{id}/objects`). */
export interface AdAccountObjects {
  campaigns: Record<string, unknown>[];
  adsets: Record<string, unknown>[];
  ads: Record<string, unknown>[];
  adlabels: Record<string, unknown>[];
  /** Creates Meta accepted (validate_only ones excluded), per kind. */
  createCalls: { campaign: number; adset: number; ad: number; adlabel: number };
}

/** An image of an ad account's library as the simulator keeps it. */
export interface SimulatedImage {
  hash: string;
  /** The key Meta answered under: the file name, or `bytes`. */
  name: string;
  url: string;
  /** Size in bytes. */
  bytes: number;
  width?: number;
  height?: number;
}

/** A video of a resumable upload: what arrived, how often, and where it stands. */
export interface SimulatedVideo {
  id: string;
  uploadSessionId: string;
  status: 'upload' | 'processing' | 'ready' | 'error';
  fileSize: number;
  /** Bytes accepted in order. */
  receivedBytes: number;
  /** Transfers accepted. */
  transferCalls: number;
  /** Every byte any transfer carried, refused and re-sent ones too (the resume cost). */
  bytesReceivedTotal: number;
  chunkBytes: number;
  /** Hex CRC-32 of the whole file, once finished. */
  crc32?: string;
  title?: string;
}

export interface SimulatedCreative {
  id: string;
  name: string;
  objectStorySpec: Record<string, unknown>;
  /** Label names. */
  adlabels: string[];
}

/** What is in one ad account's media library (`GET /__sim/ad-accounts/{id}/media`). */
export interface AdAccountMedia {
  images: SimulatedImage[];
  videos: SimulatedVideo[];
  creatives: SimulatedCreative[];
}

/** Media behaviour a test or the bench tunes (`POST /__sim/media-options`). */
export interface MediaOptions {
  /** The chunk `upload_phase=start` and each transfer answer (later sessions). @default 4 MiB */
  chunkBytes?: number;
  /** How long a finished video reads `processing` before `ready`. @default 1000 */
  processingMs?: number;
}

/**
 * Insights behaviour a test or the bench tunes (`PUT /__sim/insights-options`). A set replaces
 * the options whole: what it leaves out goes back to its default, so `{}` resets them.
 */
export interface InsightsOptions {
  /** A synchronous read whose result has more rows answers Meta's code 1 "reduce the amount of data". @default 20000 */
  syncRowLimit?: number;
  /** Simulator time an async report run takes to complete. @default 1500 */
  asyncJobMs?: number;
  /** The next N report runs read 100 % but stay "Job Running" forever. @default 0 */
  stallAtHundred?: number;
  /** The next N report runs end "Job Failed". @default 0 */
  failJobs?: number;
  /** A report run with more rows ends "Job Failed". @default no limit */
  asyncRowLimit?: number;
  /** A sync or report-run page asking a `limit` above this answers code 1 "reduce the amount of data". @default no limit */
  pageRowLimit?: number;
  /** Insights cursors older than this (simulator time) answer "(#2642) Invalid cursors values". @default never */
  expireCursorsAfterMs?: number;
  /** The next N Insights page reads carrying an `after` cursor answer #2642, however fresh the cursor. @default 0 */
  invalidCursors?: number;
}

/** Objects to create at once in an ad account, with `days` of Insights history (`POST /__sim/ad-accounts/{id}/insights/world`). */
export interface InsightsWorldSpec {
  campaigns: number;
  adSetsPerCampaign: number;
  adsPerAdSet: number;
  /** Days of history up to today, in the account's time zone (today included). */
  days: number;
  /** Share 0..1 of the campaigns, ad sets and ads (each level on its own) made ARCHIVED. @default 0 */
  archivedShare?: number;
  /** Share 0..1 of each level made DELETED. @default 0 */
  deletedShare?: number;
}

/** The ids an Insights world created, campaign by campaign. */
export interface InsightsWorld {
  campaigns: {
    id: string;
    status: string;
    adSets: {
      id: string;
      status: string;
      attributionSpec: { event_type: string; window_days: number }[];
      adIds: string[];
    }[];
  }[];
  adCount: number;
}

/**
 * One row of Insights ground truth, exactly as the Meta Insights port's `MetaInsightRow`
 * projects it: each ad set under its own attribution, ARCHIVED and DELETED objects included.
 */
export interface InsightsTruthRow {
  date: string;
  level: 'campaign' | 'adset' | 'ad';
  entityId: string;
  campaignId: string;
  adSetId?: string;
  /** Meta's decimal string in major units. */
  spend: string;
  impressions: number;
  clicks: number;
  conversions: number;
  conversionValue: string;
  currency: string;
}

/** A restatement (`POST /__sim/ad-accounts/{id}/insights/restate`): purchases on those days change. */
export interface InsightsRestatement {
  from: string;
  to: string;
  seed?: number;
}

export interface MetaSimulator {
  /** Base URL without version, e.g. `http://127.0.0.1:40123`; serves `/{version}/...`. */
  url: string;
  appId: string;
  appSecret: string;
  /** The tenant seeded at start (the dev scenario unless a seed was given). */
  scenario: SeededScenario;
  seed(spec: ScenarioSpec): SeededScenario;
  addFault(rule: FaultRule): string;
  removeFault(id: string): boolean;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** The token stops working (190, subcode 460), as after a password change. */
  revokeToken(accessToken: string): void;
  /** The token reads as expired (190, subcode 463). */
  expireToken(accessToken: string): void;
  /**
   * Removes a system user from its Business Manager: its tokens then fail every call (190,
   * subcode 467). False when no system user with that id is in a BM.
   */
  removeSystemUser(userId: string): boolean;
  /** Where webhooks go (the app's callback URL, locally the gateway's `/webhooks/meta`). */
  setWebhookTarget(url: string): void;
  /** Sends a signed delivery to the target; ad-account events only when subscribed. */
  sendWebhook(payload: WebhookPayload): Promise<WebhookDeliveryResult>;
  /** Every campaign, ad set, ad (DELETED ones too) and label of the account; undefined for an unknown account. */
  adObjects(adAccountId: string): AdAccountObjects | undefined;
  /** Ends an ad's review now (approve) or disapproves it; false for an unknown ad. */
  reviewAd(adId: string, decision: AdReviewDecision): boolean;
  /** The account's images, videos and creatives; undefined for an unknown account. */
  media(adAccountId: string): AdAccountMedia | undefined;
  /** Ends a video's processing now as `ready`, or as `error`; false for an unknown video. */
  setVideoStatus(videoId: string, status: 'ready' | 'error'): boolean;
  setMediaOptions(options: MediaOptions): void;
  /** The split tests (ad studies) Meta holds, of one business or all, in creation order. */
  adStudies(businessId?: string): SimulatedAdStudy[];
  /** Replaces the Insights options (defaults for what is left out; `{}` resets them). */
  setInsightsOptions(options: InsightsOptions): void;
  /** Creates campaigns, ad sets and ads with Insights history; undefined for an unknown account. */
  seedInsightsWorld(adAccountId: string, spec: InsightsWorldSpec): InsightsWorld | undefined;
  /** Restates purchases on a range of days; false for an unknown account. */
  restateInsights(adAccountId: string, restatement: InsightsRestatement): boolean;
  /** What a correct client reads for the range; undefined for an unknown account. */
  insightsTruth(
    adAccountId: string,
    query: { level: 'campaign' | 'adset' | 'ad'; from: string; to: string },
  ): InsightsTruthRow[] | undefined;
  requests(): RequestLogEntry[];
  countRequests(filter?: RequestFilter): number;
  resetRequests(): void;
  close(): Promise<void>;
}
