import { GraphError } from './graph-error';
import type { FaultRule } from './types';
import { isThrottleCode, mergeHeaders, throttleHeaders } from './usage-headers';

const THROTTLE_80K_MESSAGE =
  'There have been too many calls from this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.';

/** Meta's usual message and transience per code, used when a rule does not say. */
const KNOWN_ERRORS: Record<number, { message: string; transient: boolean }> = {
  1: { message: 'An unknown error occurred', transient: true },
  2: { message: 'An unexpected error has occurred. Please retry your request later.', transient: true },
  4: { message: '(#4) Application request limit reached', transient: true },
  10: { message: '(#10) Application does not have permission for this action', transient: false },
  // Meta marks a user/ad-account throttle (subcode 2446079) as not transient: it can last an hour.
  17: { message: '(#17) User request limit reached', transient: false },
  32: { message: '(#32) Page request limit reached', transient: true },
  100: { message: '(#100) Invalid parameter', transient: false },
  190: {
    message:
      'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
    transient: false,
  },
  200: { message: '(#200) Permissions error', transient: false },
  368: {
    message: 'The action attempted has been deemed abusive or is otherwise disallowed',
    transient: false,
  },
  613: { message: '(#613) Calls to this api have exceeded the rate limit.', transient: true },
  2642: { message: '(#2642) Invalid cursors values', transient: false },
};

/** The Graph code a bare HTTP status stands for when a rule gives no error. */
function codeForStatus(status: number): number {
  if (status === 429) return 4;
  if (status === 500) return 1;
  if (status >= 500) return 2;
  if (status === 401) return 190;
  if (status === 403) return 10;
  return 100;
}

/** The full Graph error (body and headers) a firing fault rule answers with. */
export function faultError(rule: FaultRule, status: number, path: string, appId: string): GraphError {
  const code = rule.error?.code ?? codeForStatus(status);
  const known = KNOWN_ERRORS[code];
  const defaultMessage =
    known?.message ??
    (code >= 80000 && code <= 80014 ? `(#${code}) ${THROTTLE_80K_MESSAGE}` : `(#${code}) Simulated error`);
  const generated = isThrottleCode(code)
    ? throttleHeaders(code, path, appId, rule.regainAccessMinutes ?? 1)
    : {};
  return new GraphError({
    status,
    message: rule.error?.message ?? defaultMessage,
    type: rule.error?.type ?? 'OAuthException',
    code,
    subcode: rule.error?.error_subcode,
    isTransient: rule.error?.is_transient ?? known?.transient ?? false,
    userTitle: rule.error?.error_user_title,
    userMessage: rule.error?.error_user_msg,
    headers: mergeHeaders(generated, rule.headers ?? {}),
  });
}
