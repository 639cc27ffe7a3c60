import {
  type BackoffPolicy,
  backoffCeilingMs,
  backoffDelayMs,
  DEFAULT_BACKOFF,
  equalJitterDelayMs,
} from '../domain/backoff';
import { type GraphErrorKind, graphErrorClass, metaErrorFrom } from '../domain/graph-error-classification';
import {
  blockedForSeconds,
  parseUsageHeaders,
  peakUtilizationPct,
  throttleWaitSeconds,
  type UsageSnapshot,
} from '../domain/usage-headers';
import { type GraphErrorInfo, MetaCircuitOpenError, type MetaError } from '../platform/errors';
import { logger as platformLogger } from '../platform/observability';
import { InMemoryRateLimitStore } from '../store/memory/rate-limit-store';
import type { RateLimitStore } from '../store/rate-limit-store';
import { appSecretProof } from './appsecret-proof';
import { graphBucketKey } from './graph-bucket-key';
import { encodeRequest, normalizePath } from './graph-request-encoding';
import { graphErrorBody } from './graph-response-schemas';
import { RateLimitGuard, type RateLimitPolicyOverrides } from './rate-limit-guard';
import { redactSecrets } from './redact-secrets';

export type GraphMethod = 'GET' | 'POST' | 'DELETE';

/** A query/form parameter: objects and arrays are sent as JSON, as Meta expects. */
export type GraphParamValue = string | number | boolean | readonly unknown[] | { [key: string]: unknown };
export type GraphParams = Record<string, GraphParamValue | undefined>;

/** A file sent in a multipart body (`/act_{id}/adimages`, a video chunk). */
export interface GraphFilePart {
  /** The form field: Meta keys an image by it; `video_file_chunk` for a video chunk. */
  name: string;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

/** How a POST's parameters travel: a form (the default) or multipart with files beside them. */
export type GraphRequestBody = { kind: 'form' } | { kind: 'multipart'; files: readonly GraphFilePart[] };

/** Meta's hosts: `graph` for everything, `video` (graph-video.facebook.com) for video uploads. */
export type GraphHost = 'graph' | 'video';

/** One Graph request; `path` is relative to the version (`/act_1/campaigns`). */
export interface GraphRequest {
  method: GraphMethod;
  path: string;
  params?: GraphParams;
  /** @default { kind: 'form' } */
  body?: GraphRequestBody;
  /** @default 'graph' */
  host?: GraphHost;
}

/** Who calls and how: the token, its bucket, cancellation. */
export interface GraphCallOptions {
  accessToken: string;
  /** Our id of the token (never the token): names its rate-limit bucket for non-ad-account paths. */
  tokenId?: string;
  /** Overrides the bucket derived from the path (see `graphBucketKey`). */
  bucketKey?: string;
  signal?: AbortSignal;
  /**
   * Whether a failure that leaves it unknown if Meta acted (network error, timeout, 5xx without
   * a Graph error body) may be retried. @default true for GET, false for POST and DELETE
   */
  idempotent?: boolean;
}

/** A successful answer: the parsed JSON body and the usage Meta reported. */
export interface GraphAnswer {
  status: number;
  body: unknown;
  usage: UsageSnapshot;
}

/** Hooks of a caller that can adapt its request between attempts (the pager). */
export interface GraphExecuteHooks {
  /** Code 1 "reduce the amount of data": shrink the next attempt; false when it cannot. */
  onReduceData?: () => boolean;
  /** Put into the `details.checkpoint` of a throttled/transient error so a consumer can resume. */
  checkpoint?: () => unknown;
  /** Rate-limit points of the request. @default 1 for GET, 3 for writes (Meta's scores) */
  cost?: number;
}

/** What the client logs through; Powertools' Logger fits. */
export interface GraphLogger {
  warn(message: string, extra: Record<string, unknown>): void;
  debug(message: string, extra: Record<string, unknown>): void;
}

export interface GraphTransportOptions {
  /** Graph base URL without version, e.g. `https://graph.facebook.com`. */
  baseUrl: string;
  /** The video host's base URL without version (`https://graph-video.facebook.com`). @default baseUrl */
  videoBaseUrl?: string;
  /** e.g. `v26.0`. */
  version: string;
  /** Keys `appsecret_proof`. */
  appSecret: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Where buckets and breakers live. @default in memory (tests, single process) */
  rateLimitStore?: RateLimitStore;
  rateLimitPolicy?: RateLimitPolicyOverrides;
  /** Per-attempt timeout (pass `signal` to bound the whole call, e.g. by the Lambda deadline). @default 20000 */
  timeoutMs?: number;
  /** Retries after transient failures (throttle waits are not counted). @default 3 */
  maxRetries?: number;
  /**
   * Longest wait slept inside the call (a throttle, a blocked or empty bucket). A longer one
   * throws `MetaThrottledError` with `retryAfterSeconds`, so a queue consumer requeues the work
   * with DelaySeconds instead of sleeping in a Lambda. @default 3000
   */
  maxInlineWaitMs?: number;
  /** Throttle waits slept inside one call before giving up with MetaThrottledError. @default 5 */
  maxThrottleWaits?: number;
  /** Between transient retries. @default { baseMs: 25, capMs: 8000 } */
  backoff?: BackoffPolicy;
  /** After a throttle whose headers name no wait (equal jitter). @default { baseMs: 2000, capMs: 300000 } */
  throttleBackoff?: BackoffPolicy;
  /** @default Math.random */
  random?: () => number;
  /** @default Date.now */
  now?: () => number;
  /** @default a timer that stops early when the call's signal aborts */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** @default the platform logger */
  logger?: GraphLogger;
}

type Attempt =
  | { kind: 'ok'; answer: GraphAnswer }
  /** `ambiguous`: Meta may or may not have acted (no Graph error body came back). */
  | { kind: 'error'; info: GraphErrorInfo; usage: UsageSnapshot; ambiguous: boolean };

const EMPTY_USAGE: UsageSnapshot = { businessUseCases: [] };
const WRITE_COST = 3;
const MAX_ADMISSION_ROUNDS = 20;

let versionWarned = false;

/**
 * Sends one Graph request with everything around it: `appsecret_proof`, a timeout, the bucket's
 * admission (breaker, Meta's block, token bucket, pacing), usage headers on every answer, the
 * typed error taxonomy, retries with full-jitter backoff, and throttle waits — short ones slept,
 * long ones thrown as `MetaThrottledError`. Never logs a token or a proof.
 */
export class GraphTransport {
  private readonly baseUrl: string;
  private readonly videoBaseUrl: string;
  private readonly version: string;
  private readonly appSecret: string;
  private readonly fetchFn: typeof fetch;
  private readonly guard: RateLimitGuard;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  readonly maxInlineWaitMs: number;
  private readonly maxThrottleWaits: number;
  private readonly backoff: BackoffPolicy;
  private readonly throttleBackoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly sleepFn: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly logger: GraphLogger;
  private readonly proofs = new Map<string, string>();

  constructor(options: GraphTransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.videoBaseUrl = (options.videoBaseUrl ?? options.baseUrl).replace(/\/+$/, '');
    this.version = options.version;
    this.appSecret = options.appSecret;
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = options.now ?? Date.now;
    this.guard = new RateLimitGuard(
      options.rateLimitStore ?? new InMemoryRateLimitStore(),
      options.rateLimitPolicy,
      this.now,
    );
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxInlineWaitMs = options.maxInlineWaitMs ?? 3000;
    this.maxThrottleWaits = options.maxThrottleWaits ?? 5;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.throttleBackoff = options.throttleBackoff ?? { baseMs: 2000, capMs: 300_000 };
    this.random = options.random ?? Math.random;
    this.sleepFn = options.sleep ?? sleep;
    this.logger = options.logger ?? platformLogger;
  }

  /**
   * Sends `request` (rebuilt per attempt when a function, so a pager can shrink its page) and
   * returns the parsed answer, or throws the typed Meta error.
   */
  async execute(
    request: GraphRequest | (() => GraphRequest),
    call: GraphCallOptions,
    hooks: GraphExecuteHooks = {},
  ): Promise<GraphAnswer> {
    const build = typeof request === 'function' ? request : () => request;
    const first = build();
    const bucketKey = call.bucketKey ?? graphBucketKey(first.path, call);
    const cost = hooks.cost ?? (first.method === 'GET' ? 1 : WRITE_COST);
    const idempotent = call.idempotent ?? first.method === 'GET';
    let retries = 0;
    let throttleWaits = 0;

    for (;;) {
      const req = build();
      await this.admit(bucketKey, cost, req, call, hooks);
      const attempt = await this.sendOnce(req, call);
      if (attempt.kind === 'ok') {
        await this.record(bucketKey, 'answered', attempt.answer.usage);
        return attempt.answer;
      }

      const { info, usage } = attempt;
      const cls = graphErrorClass(info);
      const context = {
        bucketKey,
        method: req.method,
        path: pathOnly(req.path),
        code: info.code,
        subcode: info.subcode,
      };

      if (cls.kind === 'throttled') {
        const headerWait = throttleWaitSeconds(usage);
        const waitMs =
          headerWait === undefined
            ? equalJitterDelayMs(throttleWaits, this.throttleBackoff, this.random)
            : headerWait * 1000;
        await this.record(bucketKey, 'throttled', usage, waitMs);
        if (waitMs > this.maxInlineWaitMs || throttleWaits >= this.maxThrottleWaits) {
          throw this.failure(info, 'throttled', waitMs, req, call, hooks);
        }
        throttleWaits++;
        this.logger.warn('Meta throttled the call; waiting', { ...context, waitMs });
        await this.sleepFn(waitMs, call.signal);
        continue;
      }

      if (cls.kind === 'data_too_large') {
        // Meta answered; the same request can only be refused again. A pager that can ask for
        // a smaller page retries with it; anyone else gets MetaDataTooLargeError at once.
        await this.record(bucketKey, 'answered', usage);
        if (retries >= this.maxRetries || !(hooks.onReduceData?.() ?? false)) {
          throw this.failure(info, 'data_too_large', 0, req, call, hooks);
        }
        retries++;
        this.logger.warn('Meta asked for less data; retrying with a smaller page', {
          ...context,
          retry: retries,
        });
        continue;
      }

      if (cls.kind === 'transient') {
        await this.record(bucketKey, 'failed', usage);
        const retryable = idempotent || !attempt.ambiguous;
        if (!retryable || retries >= this.maxRetries) {
          const failed = attempt.ambiguous ? { ...info, ambiguous: true } : info;
          throw this.failure(failed, 'transient', backoffCeilingMs(retries, this.backoff), req, call, hooks);
        }
        const delayMs = backoffDelayMs(retries, this.backoff, this.random);
        retries++;
        this.logger.warn('Meta call failed; retrying', { ...context, retry: retries, delayMs });
        await this.sleepFn(delayMs, call.signal);
        continue;
      }

      await this.record(bucketKey, 'answered', usage);
      throw this.failure(info, cls.kind, 0, req, call, hooks);
    }
  }

  /** Retries a caller may make after transient failures (the batch re-sends failed items). */
  get retryBudget(): number {
    return this.maxRetries;
  }

  /** The full-jitter delay before retry number `retry` (0-based). */
  retryDelayMs(retry: number): number {
    return backoffDelayMs(retry, this.backoff, this.random);
  }

  /** Sleeps like the transport does (injected in tests). */
  pause(ms: number, signal?: AbortSignal): Promise<void> {
    return this.sleepFn(ms, signal);
  }

  /** The transport's clock (injected in tests). */
  currentTimeMs(): number {
    return this.now();
  }

  /** Waits (briefly) until the bucket admits the call; fails fast when the breaker is open. */
  private async admit(
    bucketKey: string,
    cost: number,
    req: GraphRequest,
    call: GraphCallOptions,
    hooks: GraphExecuteHooks,
  ): Promise<void> {
    for (let round = 0; round < MAX_ADMISSION_ROUNDS; round++) {
      const admission = await this.guard.admit(bucketKey, cost);
      if (admission.kind === 'go') {
        if (admission.paceMs > 0) await this.sleepFn(admission.paceMs, call.signal);
        return;
      }
      if (admission.kind === 'circuit_open') {
        throw new MetaCircuitOpenError(
          `Meta calls for ${bucketKey} are paused after repeated failures`,
          Math.max(1, Math.ceil(admission.retryAfterMs / 1000)),
        );
      }
      if (admission.waitMs > this.maxInlineWaitMs) {
        const message =
          admission.reason === 'blocked'
            ? `Meta blocks calls for ${bucketKey} for now`
            : `The rate-limit bucket ${bucketKey} is spent for now`;
        throw this.failure({ httpStatus: 429, message }, 'throttled', admission.waitMs, req, call, hooks);
      }
      await this.sleepFn(admission.waitMs, call.signal);
    }
    throw this.failure(
      { httpStatus: 429, message: `The rate-limit bucket ${bucketKey} stays busy` },
      'throttled',
      this.maxInlineWaitMs,
      req,
      call,
      hooks,
    );
  }

  private async record(
    bucketKey: string,
    kind: 'answered' | 'failed' | 'throttled',
    usage: UsageSnapshot,
    throttleWaitMs = 0,
  ): Promise<void> {
    const blockedForMs = Math.max(blockedForSeconds(usage) * 1000, throttleWaitMs);
    try {
      await this.guard.record(bucketKey, {
        kind,
        ...(blockedForMs > 0 ? { blockedForMs } : {}),
        // A throttle's 100 % is what the block already waits out; pacing on it too would
        // slow the first calls after the block for nothing.
        ...(kind === 'throttled' ? {} : { utilizationPct: peakUtilizationPct(usage) }),
      });
    } catch (err: unknown) {
      // The call itself is done; losing one bucket update must not lose its answer.
      this.logger.warn('Could not record the Meta call in its rate-limit bucket', {
        bucketKey,
        error: err instanceof Error ? err.name : 'unknown',
      });
    }
  }

  private async sendOnce(req: GraphRequest, call: GraphCallOptions): Promise<Attempt> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    const base = req.host === 'video' ? this.videoBaseUrl : this.baseUrl;
    const { url, init } = encodeRequest(
      `${base}/${this.version}`,
      req,
      call.accessToken,
      this.proofFor(call.accessToken),
    );
    init.signal = signal;

    let status: number;
    let text: string;
    let usage: UsageSnapshot;
    try {
      const res = await this.fetchFn(url, init);
      status = res.status;
      usage = parseUsageHeaders((name) => res.headers.get(name), this.now());
      this.noteVersionWarning(res.headers.get('x-ad-api-version-warning'));
      text = await res.text();
    } catch (err: unknown) {
      if (call.signal?.aborted) throw call.signal.reason;
      const message = timeout.aborted
        ? `No answer from Meta within ${this.timeoutMs} ms`
        : `Network error talking to Meta: ${redactSecrets(errorText(err), [call.accessToken])}`;
      return { kind: 'error', info: { httpStatus: 0, message }, usage: EMPTY_USAGE, ambiguous: true };
    }

    const body = parseJson(text);
    const error = graphErrorBody.safeParse(body);
    if (status >= 200 && status < 300 && body !== undefined && !error.success) {
      return { kind: 'ok', answer: { status, body, usage } };
    }
    if (error.success) {
      const e = error.data.error;
      const info: GraphErrorInfo = {
        httpStatus: status,
        message: redactSecrets(e.message ?? 'Meta gave no message', [call.accessToken]),
        ...(e.code === undefined ? {} : { code: e.code }),
        ...(e.error_subcode === undefined ? {} : { subcode: e.error_subcode }),
        ...(e.type === undefined ? {} : { type: e.type }),
        ...(e.fbtrace_id === undefined ? {} : { fbtraceId: e.fbtrace_id }),
        ...(e.is_transient === undefined ? {} : { isTransient: e.is_transient }),
        ...(e.error_user_title === undefined ? {} : { userTitle: e.error_user_title }),
        ...(e.error_user_msg === undefined ? {} : { userMessage: e.error_user_msg }),
        ...(e.error_data === undefined
          ? {}
          : { errorData: redactedErrorData(e.error_data, call.accessToken) }),
      };
      return { kind: 'error', info, usage, ambiguous: false };
    }
    return {
      kind: 'error',
      info: { httpStatus: status, message: `HTTP ${status} without a readable Graph answer` },
      usage,
      ambiguous: true,
    };
  }

  private failure(
    info: GraphErrorInfo,
    kind: GraphErrorKind,
    waitMs: number,
    req: GraphRequest,
    call: GraphCallOptions,
    hooks: GraphExecuteHooks,
  ): MetaError {
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    const checkpoint = kind === 'throttled' || kind === 'transient' ? hooks.checkpoint?.() : undefined;
    const error = metaErrorFrom(
      info,
      kind,
      retryAfterSeconds,
      checkpoint === undefined ? undefined : { checkpoint },
      `${req.method} ${pathOnly(req.path)}`,
    );
    this.logger.warn('Meta call failed', {
      method: req.method,
      path: redactSecrets(pathOnly(req.path), [call.accessToken]),
      kind,
      httpStatus: info.httpStatus,
      code: info.code,
      subcode: info.subcode,
      fbtraceId: info.fbtraceId,
      ...(kind === 'throttled' || kind === 'transient' ? { retryAfterSeconds } : {}),
    });
    return error;
  }

  private proofFor(accessToken: string): string {
    let proof = this.proofs.get(accessToken);
    if (proof === undefined) {
      proof = appSecretProof(this.appSecret, accessToken);
      // A handful of tokens per container; the cap keeps a long-lived one from growing.
      if (this.proofs.size > 100) this.proofs.clear();
      this.proofs.set(accessToken, proof);
    }
    return proof;
  }

  private noteVersionWarning(warning: string | null): void {
    if (warning === null || versionWarned) return;
    versionWarned = true;
    // Meta auto-upgraded an expired Marketing API version: time to bump META_GRAPH_VERSION.
    this.logger.warn('Meta answered with X-Ad-Api-Version-Warning', { warning, version: this.version });
  }
}

/** The path without its query: what may appear in logs and messages. */
export function pathOnly(path: string): string {
  const q = path.indexOf('?');
  return normalizePath(q === -1 ? path : path.slice(0, q));
}

/** Meta's `error_data` with any echo of the token taken out (it is kept on the error and may be logged). */
function redactedErrorData(data: string | Record<string, unknown>, accessToken: string): unknown {
  if (typeof data === 'string') return redactSecrets(data, [accessToken]);
  return parseJson(redactSecrets(JSON.stringify(data), [accessToken]));
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return 'unknown error';
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${err.message}${cause}`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
