import type * as z from 'zod';
import type { RouteAnswer } from './route-call';

/** What a tool call answers (MCP `CallToolResult`): text for the model, the same as JSON. */
export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent: Record<string, unknown>;
  isError?: boolean;
}

/**
 * A route's answer as a tool result. A refusal (4xx) or failure (5xx) is a result with
 * `isError: true` whose JSON carries the REST error code, message and details (the rule or
 * cap that refused and what it would allow), never a transport failure, so an agent can act
 * on it. A replay says so; an approval rule answers "pending approval" with its id.
 */
export function toolResultOf(answer: RouteAnswer): ToolResult {
  const replayed = answer.headers['idempotent-replayed'] === 'true';
  if (answer.status >= 400) {
    return refusal(
      answer.status,
      withRetryAfter(errorOf(answer.body), answer.headers['retry-after']),
      replayed,
    );
  }
  const result = {
    status: answer.status,
    ...(replayed ? { replayed: true } : {}),
    ...(answer.body === undefined ? {} : { result: answer.body }),
  };
  return {
    content: [{ type: 'text', text: `${summaryOf(answer, replayed)}\n${JSON.stringify(result)}` }],
    structuredContent: result,
  };
}

/** Arguments that fail the tool's schema: `validation_error` naming each argument. */
export function invalidArgumentsResult(error: z.ZodError): ToolResult {
  const details = error.issues.map((issue) => ({
    argument: issue.path.map(String).join('.') || '(arguments)',
    message: issue.message,
  }));
  const named = details.map((d) => `${d.argument}: ${d.message}`).join('; ');
  return refusal(400, { code: 'validation_error', message: `Invalid arguments: ${named}`, details }, false);
}

interface ErrorFields {
  code: string;
  message: string;
  details?: unknown;
  correlationId?: string;
}

function refusal(status: number, error: ErrorFields, replayed: boolean): ToolResult {
  const result = { status, ...(replayed ? { replayed: true } : {}), error };
  return {
    content: [{ type: 'text', text: `Refused (${error.code}): ${error.message}\n${JSON.stringify(result)}` }],
    structuredContent: result,
    isError: true,
  };
}

function errorOf(body: unknown): ErrorFields {
  const error = (body as { error?: Partial<ErrorFields> } | undefined)?.error;
  return {
    code: typeof error?.code === 'string' ? error.code : 'error',
    message: typeof error?.message === 'string' ? error.message : 'The request failed.',
    ...(error?.details === undefined ? {} : { details: error.details }),
    ...(typeof error?.correlationId === 'string' ? { correlationId: error.correlationId } : {}),
  };
}

/**
 * The route's `Retry-After` (a 429 or 503) in the error's details: an agent reads no headers,
 * and without it would retry a blocked ad account at once.
 */
function withRetryAfter(error: ErrorFields, retryAfter: string | undefined): ErrorFields {
  const seconds = Number(retryAfter);
  if (retryAfter === undefined || !Number.isFinite(seconds)) return error;
  const { details } = error;
  if (details !== undefined && (typeof details !== 'object' || details === null || Array.isArray(details))) {
    return error;
  }
  return {
    ...error,
    details: { ...(details as Record<string, unknown> | undefined), retryAfterSeconds: seconds },
  };
}

function summaryOf(answer: RouteAnswer, replayed: boolean): string {
  const body = answer.body as Record<string, unknown> | undefined;
  const again = replayed ? ' (replayed: the first answer to this idempotencyKey; nothing ran again)' : '';
  if (answer.status === 202 && body?.status === 'pending_approval') {
    return `Pending approval ${String(body.approvalId)}: a user decides in the dashboard; list_approvals shows the outcome${again}.`;
  }
  if (body?.dryRun === true) {
    return body.needsApproval === true
      ? "Dry run: every check passed and nothing changed; the real call would wait for a user's approval."
      : 'Dry run: every check passed and nothing changed.';
  }
  if (answer.status === 204) return `Done${again}.`;
  return `OK (${answer.status})${again}.${amountsLine(body)}`;
}

/** An object's amounts as a person reads them: ` Amounts: dailyBudget €25.00/day, spendCap €900.00.` */
function amountsLine(body: Record<string, unknown> | undefined): string {
  const amounts = body?.amounts;
  if (typeof amounts !== 'object' || amounts === null) return '';
  const parts = Object.entries(amounts as Record<string, { formatted?: unknown; minor?: unknown }>).map(
    ([field, amount]) =>
      `${field} ${String(amount.formatted)}${field === 'dailyBudget' ? '/day' : ''} (${String(amount.minor)} minor units)`,
  );
  return parts.length === 0 ? '' : ` Amounts: ${parts.join(', ')}.`;
}
