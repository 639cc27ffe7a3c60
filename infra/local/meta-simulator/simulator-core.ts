import type { FaultBook } from './fault-book';
import type { UploadedFile } from './multipart-body';
import type { RequestLog } from './request-log';
import type { TokenArrival } from './token-arrival';
import type { AppCredentials } from './token-check';
import type { UsageMeter } from './usage-headers';
import type { World } from './world';

/** Meta's current Graph version; any `vNN.N` is served, this one when a path has none. */
export const DEFAULT_GRAPH_VERSION = 'v26.0';

/** A login code waiting for its exchange (single use, 10 minutes). */
export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  expiresAtMs: number;
  used: boolean;
}

/** The state every route shares. */
export interface SimulatorCore {
  world: World;
  app: AppCredentials & { name: string };
  faults: FaultBook;
  log: RequestLog;
  usage: UsageMeter;
  codes: Map<string, AuthorizationCode>;
  /** Ad accounts our app is subscribed to (`/act_{id}/subscribed_apps`): only they send webhooks. */
  subscriptions: Set<string>;
  baseUrl: string;
  latencyMs: number;
  requireAppsecretProof: boolean;
  nowMs(): number;
}

/** One Graph call: a whole HTTP request, or one item of a batch. */
export interface GraphCall {
  method: string;
  /** Without version or query, leading slash: `/me/businesses`, `/` for a batch. */
  path: string;
  segments: string[];
  version: string;
  /** Query and body parameters together (the body wins). */
  params: URLSearchParams;
  accessToken?: string;
  /** How the token arrived (a batch item without its own token: as the batch's did). */
  tokenIn: TokenArrival;
  /** Secret-bearing parameters in the call's URL (a batch item's `relative_url`), by name. */
  secretsInUrl: string[];
  /** File parts of a multipart body (an image, a video chunk). */
  files?: UploadedFile[];
}
