import {
  type GraphErrorInfo,
  MetaDataTooLargeError,
  type MetaError,
  MetaPermissionError,
  MetaRequestError,
  MetaThrottledError,
  MetaTokenInvalidError,
  MetaTransientError,
} from '../platform/errors';

/**
 * What the client does with a failed Graph call, decided from Meta's error code, never from
 * the HTTP status alone: Meta sends most throttles as HTTP 400.
 * https://developers.facebook.com/docs/graph-api/guides/error-handling
 */
export type GraphErrorKind =
  | 'token_invalid'
  | 'throttled'
  | 'transient'
  | 'permission'
  | 'request'
  /** Meta refuses the data asked for as too large: the same request fails again, ask for less. */
  | 'data_too_large';

export interface GraphErrorClass {
  kind: GraphErrorKind;
  /**
   * Code 1 "Please reduce the amount of data you're asking for" (in `message` or, as Meta now
   * sends it, `error_user_msg`) or a large-report subcode: ask for less (a smaller page, a
   * shorter range). Kind `data_too_large`.
   */
  reduceData: boolean;
  /** "(#2642) Invalid cursors values": the cursor expired; restart the edge from the beginning. */
  invalidCursor: boolean;
}

/** 190 invalid/expired token (subcodes 458, 459, 460, 463, 464, 467 say why); 102 API session. */
const TOKEN_CODES = new Set([102, 190]);
/** 4 app, 17 user, 32 page, 341 app limit, 613 calls per hour. 80000–80014 are business use cases. */
const THROTTLE_CODES = new Set([4, 17, 32, 341, 613]);
/**
 * Subcodes that mean throttling whatever the code: 2446079 too many calls to this ad account,
 * 1487742 too many calls from this ad account, 1504022/1504039 too many calls from this app,
 * 1487632 an ad set's budget changed too often (blocked for an hour).
 */
const THROTTLE_SUBCODES = new Set([2446079, 1487742, 1504022, 1504039, 1487632]);
const TRANSIENT_CODES = new Set([1, 2]);
/**
 * 100 / subcode 33: "Object with ID … does not exist, cannot be loaded due to missing
 * permissions, or does not support this operation" — Meta's answer to a token that cannot see
 * the object, so another token may: a permission error, not a bad request.
 */
const UNREACHABLE_OBJECT = { code: 100, subcode: 33 };
const INVALID_CURSOR_CODE = 2642;
/**
 * A resumable video chunk at the wrong offset: Meta names the range it wants in `error_data`.
 * Retrying the same chunk can only be refused again, whatever `is_transient` says.
 */
const WRONG_VIDEO_OFFSET = { code: 6001, subcode: 1363037 };

const REDUCE_DATA = /reduce the amount of data/i;
/** Meta's refusals of a report as too large (META-API.md "Insights"). */
const LARGE_REPORT_SUBCODES = new Set([1504045, 1487534, 1504018, 1504038]);
const INVALID_CURSOR = /#2642|invalid cursors? values?/i;

/**
 * Classifies a Graph error by code, subcode and `is_transient`; the HTTP status decides only
 * when Meta sent no code (a proxy's 502, a 429, a network failure as status 0).
 * @example graphErrorClass({ httpStatus: 400, code: 17, message: 'User request limit reached' }).kind // 'throttled'
 */
export function graphErrorClass(info: GraphErrorInfo): GraphErrorClass {
  const { code, subcode, httpStatus, message } = info;
  const invalidCursor = code === INVALID_CURSOR_CODE || INVALID_CURSOR.test(message);
  const reduceData =
    (subcode !== undefined && LARGE_REPORT_SUBCODES.has(subcode)) ||
    (code === 1 && (REDUCE_DATA.test(message) || REDUCE_DATA.test(info.userMessage ?? '')));
  const of = (kind: GraphErrorKind): GraphErrorClass => ({ kind, reduceData, invalidCursor });

  if (code !== undefined && TOKEN_CODES.has(code)) return of('token_invalid');
  if (isThrottle(code, subcode)) return of('throttled');
  if (reduceData) return of('data_too_large');
  if (invalidCursor) return of('request');
  if (code === WRONG_VIDEO_OFFSET.code && subcode === WRONG_VIDEO_OFFSET.subcode) return of('request');
  if (info.isTransient === true) return of('transient');
  if (code !== undefined) {
    if (TRANSIENT_CODES.has(code)) return of('transient');
    if (code === 10 || (code >= 200 && code <= 299)) return of('permission');
    if (code === UNREACHABLE_OBJECT.code && subcode === UNREACHABLE_OBJECT.subcode) return of('permission');
    return of('request');
  }
  if (httpStatus === 429) return of('throttled');
  if (httpStatus === 0 || httpStatus >= 500) return of('transient');
  return of('request');
}

function isThrottle(code: number | undefined, subcode: number | undefined): boolean {
  if (subcode !== undefined && THROTTLE_SUBCODES.has(subcode)) return true;
  if (code === undefined) return false;
  return THROTTLE_CODES.has(code) || (code >= 80000 && code <= 80014);
}

/**
 * Builds the typed error of the one error tree for a classified Graph error.
 * `retryAfterSeconds` is used by the throttled and transient kinds only; `details` is merged
 * into the error's details; `context` (e.g. `GET /act_1/campaigns`) prefixes the message.
 */
export function metaErrorFrom(
  info: GraphErrorInfo,
  kind: GraphErrorKind,
  retryAfterSeconds: number,
  details?: unknown,
  context?: string,
): MetaError {
  const message =
    context === undefined ? describeGraphError(info) : `${context}: ${describeGraphError(info)}`;
  const options =
    details === undefined
      ? {}
      : { details: { metaCode: info.code, metaSubcode: info.subcode, ...asRecord(details) } };
  switch (kind) {
    case 'token_invalid':
      return new MetaTokenInvalidError(message, info, options);
    case 'throttled':
      return new MetaThrottledError(message, info, retryAfterSeconds, options);
    case 'transient':
      return new MetaTransientError(message, info, retryAfterSeconds, options);
    case 'permission':
      return new MetaPermissionError(message, info, options);
    case 'request':
      return new MetaRequestError(message, info, options);
    case 'data_too_large':
      return new MetaDataTooLargeError(message, info, options);
  }
}

/** "Meta error (#17/2446079): User request limit reached" — what Meta said, for logs and callers. */
export function describeGraphError(info: GraphErrorInfo): string {
  const code = info.code === undefined ? `HTTP ${info.httpStatus}` : `#${info.code}`;
  const subcode = info.subcode === undefined ? '' : `/${info.subcode}`;
  return `Meta error (${code}${subcode}): ${info.message}`;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : { value };
}
