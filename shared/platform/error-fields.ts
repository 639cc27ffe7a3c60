import { redactSecrets } from '../meta/redact-secrets';
import { AppError, MetaError } from './errors';

/** What a log line says about an error: enough to find it, nothing it happens to carry. */
export interface LoggedError {
  name: string;
  /** Our error code (`AppError.code`), or an SDK / Node code such as `ECONNRESET`. */
  code?: string;
  message: string;
  correlationId?: string;
  /** Meta's own identifiers, for a Meta error: what Meta support asks for. */
  metaCode?: number;
  metaSubcode?: number;
  fbtraceId?: string;
}

/** A message long enough to read, short enough that a request body pasted into it stays out. */
const MAX_MESSAGE_CHARS = 500;

const BEARER = /\b(Bearer\s+)[^\s"',;]+/gi;

/**
 * The one way to put an error in a log line. Powertools serialises every enumerable field
 * and the `cause` of an `Error` it is handed (an AWS SDK error's `$response` and
 * `$metadata`, a request's headers and body), so the logger gets this summary instead:
 * name, code, the message with secret query values and bearer tokens blanked, and the
 * correlation id the caller was given.
 * @example logger.error('unhandled error', { error: errorFields(err, correlationId) });
 */
export function errorFields(err: unknown, correlationId?: string): LoggedError {
  const base = err instanceof Error ? fromError(err) : { name: 'NonError', message: describe(err) };
  return {
    ...base,
    message: safeMessage(base.message),
    ...(correlationId === undefined ? {} : { correlationId }),
  };
}

function fromError(err: Error): Omit<LoggedError, 'correlationId'> {
  const code = err instanceof AppError ? err.code : primitiveCode(err);
  return {
    name: err.name,
    ...(code === undefined ? {} : { code }),
    message: err.message,
    ...(err instanceof MetaError ? metaIds(err) : {}),
  };
}

function metaIds(err: MetaError): Pick<LoggedError, 'metaCode' | 'metaSubcode' | 'fbtraceId'> {
  const { code, subcode, fbtraceId } = err.graph;
  return {
    ...(code === undefined ? {} : { metaCode: code }),
    ...(subcode === undefined ? {} : { metaSubcode: subcode }),
    ...(fbtraceId === undefined ? {} : { fbtraceId }),
  };
}

/** Node system errors and some SDK errors carry a short `code`; anything else there is not logged. */
function primitiveCode(err: Error): string | undefined {
  const code: unknown = (err as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? String(code).slice(0, 64) : undefined;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? value : typeof value;
}

function safeMessage(message: string): string {
  const redacted = redactSecrets(message).replace(BEARER, '$1[redacted]');
  return redacted.length > MAX_MESSAGE_CHARS ? `${redacted.slice(0, MAX_MESSAGE_CHARS)}…` : redacted;
}
