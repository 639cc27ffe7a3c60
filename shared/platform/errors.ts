/**
 * The one error tree of the system. Callers branch on the class, never on message text.
 * `toHttp` in `http-errors.ts` maps it to the §5 error body; the queue stack maps it to
 * retry / requeue / drop. Messages are safe to show: they never carry tokens or secrets.
 */

export interface AppErrorOptions extends ErrorOptions {
  details?: unknown;
}

/** Base of every error the system raises on purpose. */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly details?: unknown;
  /** Extra response headers the refusal carries (a replay's `Idempotent-Replayed`). */
  readonly headers?: Record<string, string>;

  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, options);
    this.name = new.target.name;
    this.details = options.details;
  }
}

/** Input failed validation (400); `details` lists the zod issues. */
export class ValidationError extends AppError {
  readonly status = 400;
  readonly code: string;
  constructor(message: string, options: AppErrorOptions & { code?: string } = {}) {
    super(message, options);
    this.code = options.code ?? 'validation_error';
  }
}

/** No credentials or bad credentials (401). */
export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code = 'unauthorized';
}

/** Authenticated but not allowed (403). */
export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code: string;
  constructor(message: string, options: AppErrorOptions & { code?: string } = {}) {
    super(message, options);
    this.code = options.code ?? 'forbidden';
  }
}

/**
 * The route or action is the user's and an agent asked (403, DESIGN §5): the connection, the
 * controls. `details.rule` names the rule that refused it.
 */
export class AgentControlDeniedError extends AppError {
  readonly status = 403;
  readonly code = 'agent_control_denied';
  constructor(message: string, rule: string, options: AppErrorOptions = {}) {
    super(message, { ...options, details: { rule, ...(options.details as object | undefined) } });
  }
}

/** The thing does not exist, or belongs to another workspace (404). */
export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code: string;
  constructor(message: string, options: AppErrorOptions & { code?: string } = {}) {
    super(message, options);
    this.code = options.code ?? 'not_found';
  }
}

/** The route exists but not for this method (405); `Allow` names the ones it takes. */
export class MethodNotAllowedError extends AppError {
  readonly status = 405;
  readonly code = 'method_not_allowed';
  override readonly headers: Record<string, string>;
  constructor(message: string, allow: string, options: AppErrorOptions = {}) {
    super(message, options);
    this.headers = { allow };
  }
}

/** The request conflicts with the current state (409). */
export class ConflictError extends AppError {
  readonly status = 409;
  readonly code: string;
  constructor(message: string, options: AppErrorOptions & { code: string }) {
    super(message, options);
    this.code = options.code;
  }
}

/** The body is larger than the route accepts (413). */
export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = 'payload_too_large';
}

/** Well-formed but refused by a business rule (422). */
export class UnprocessableError extends AppError {
  readonly status = 422;
  readonly code: string;
  constructor(message: string, options: AppErrorOptions & { code: string }) {
    super(message, options);
    this.code = options.code;
  }
}

/**
 * A handler answered what its route contract does not declare (checked off AWS only): a bug
 * of ours, so a 500 whose detail (the route and the zod issue paths) stays in the logs.
 */
export class ResponseContractViolationError extends AppError {
  readonly status = 500;
  readonly code = 'response_contract_violation';
  constructor(
    readonly route: string,
    readonly answeredStatus: number,
  ) {
    super(`The answer of ${route} (${answeredStatus}) does not match its contract.`);
  }
}

/**
 * A refusal answered before under the same Idempotency-Key (DESIGN §5: final 4xx answers are
 * replayed too), given again exactly as stored, marked `Idempotent-Replayed: true`.
 */
export class ReplayedRefusalError extends AppError {
  readonly status: number;
  readonly code: string;
  override readonly headers = { 'idempotent-replayed': 'true' };
  constructor(status: number, error: { code: string; message: string; details?: unknown }) {
    super(error.message, error.details === undefined ? {} : { details: error.details });
    this.status = status;
    this.code = error.code;
  }
}

/** A required environment variable is missing or malformed; fails the cold start. */
export class ConfigError extends AppError {
  readonly status = 500;
  readonly code = 'config_error';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

/** What Meta's error body said, minus anything secret. */
export interface GraphErrorInfo {
  httpStatus: number;
  code?: number;
  subcode?: number;
  type?: string;
  message: string;
  fbtraceId?: string;
  isTransient?: boolean;
  /** Meta's `error_user_title` / `error_user_msg`: what Ads Manager would show the marketer. */
  userTitle?: string;
  userMessage?: string;
  /**
   * Meta's `error_data` (an object, or JSON text of one): what some refusals add, e.g. the
   * offsets a resumable video upload expects after a wrong one (6001 / 1363037).
   */
  errorData?: unknown;
  /** No Graph answer came back (timeout, dropped connection, 5xx without a body): Meta may have acted. */
  ambiguous?: boolean;
}

/**
 * DynamoDB kept refusing writes for throughput (throttling, or items left unprocessed past the
 * retry budget): nothing is wrong with the data, the work waits and goes again (a queue
 * consumer requeues it with a delay).
 */
export class StoreThrottledError extends AppError {
  readonly status = 503;
  readonly code = 'store_throttled';
  /** On-demand capacity follows traffic within seconds: a caller of an HTTP route waits this long. */
  readonly retryAfterSeconds = 1;
}

/** Base of the Meta Graph errors; `retryAfterSeconds` is what callers of our API are told. */
export abstract class MetaError extends AppError {
  readonly graph: GraphErrorInfo;
  constructor(message: string, graph: GraphErrorInfo, options: AppErrorOptions = {}) {
    super(message, {
      ...options,
      details: options.details ?? { metaCode: graph.code, metaSubcode: graph.subcode },
    });
    this.graph = graph;
  }
}

/**
 * The token is invalid, expired or revoked (code 190 and kin): the user must reconnect.
 * 409, not 401: the dashboard's own credentials are fine, the Meta connection is not.
 */
export class MetaTokenInvalidError extends MetaError {
  readonly status = 409;
  readonly code = 'meta_token_invalid';
}

/** Meta throttles us; wait `retryAfterSeconds` before the next call to that bucket. */
export class MetaThrottledError extends MetaError {
  readonly status = 429;
  readonly code = 'meta_throttled';
  readonly retryAfterSeconds: number;
  constructor(
    message: string,
    graph: GraphErrorInfo,
    retryAfterSeconds: number,
    options: AppErrorOptions = {},
  ) {
    super(message, graph, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Meta is failing for now (5xx, `is_transient`, codes 1/2, network): retry later. */
export class MetaTransientError extends MetaError {
  readonly status = 503;
  readonly code = 'meta_unavailable';
  readonly retryAfterSeconds: number;
  constructor(message: string, graph: GraphErrorInfo, retryAfterSeconds = 5, options: AppErrorOptions = {}) {
    super(message, graph, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The token lacks a permission on the object (10, 200–299). Not retried; try another token. */
export class MetaPermissionError extends MetaError {
  readonly status = 403;
  readonly code = 'meta_permission_denied';
}

/** Meta refused the request itself (100 and other permanent errors). Not retried. */
export class MetaRequestError extends MetaError {
  readonly status = 422;
  readonly code = 'meta_request_rejected';
}

/**
 * Meta refuses a report as too large (code 1 "Please reduce the amount of data you're asking
 * for", large-report subcodes 1504045, 1487534, 1504018, 1504038): the same request can only
 * fail again; ask for less (a smaller page, half the date range).
 */
export class MetaDataTooLargeError extends MetaError {
  readonly status = 422;
  readonly code = 'meta_data_too_large';
}

/** Our circuit breaker is open for this bucket: fail fast without calling Meta. */
export class MetaCircuitOpenError extends MetaError {
  readonly status = 503;
  readonly code = 'meta_unavailable';
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message, { httpStatus: 503, message });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Seconds the caller should wait before retrying, when the error says so. */
export function retryAfterOf(err: unknown): number | undefined {
  if (
    err instanceof MetaThrottledError ||
    err instanceof MetaTransientError ||
    err instanceof MetaCircuitOpenError ||
    err instanceof StoreThrottledError
  ) {
    return Math.max(1, Math.ceil(err.retryAfterSeconds));
  }
  return undefined;
}
