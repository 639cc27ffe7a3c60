import type { ResponseSchemas } from '../contracts/route-contract';
import { config } from './config';
import { ResponseContractViolationError } from './errors';
import { logger } from './observability';

/** Where in an answer it leaves its contract, and how (never the value itself). */
export interface AnswerIssue {
  path: string;
  code: string;
}

/**
 * Whether answers are held against their schemas: wherever the code runs off AWS (the local
 * runtime, every test). In AWS the check would cost each request a parse for nothing a
 * caller could act on; the tests through the local runtime exercise every route instead.
 */
export function answersAreChecked(): boolean {
  return config('runtime').STAGE === 'local';
}

/**
 * A 2xx answer must be one its contract declares, shaped as declared, and carry no field the
 * contract leaves out (a field nobody declared is how an internal value leaks); otherwise a
 * 500 `response_contract_violation`. The log names the route and the issue paths, never the body.
 */
export function checkAnswer(
  responses: ResponseSchemas,
  answer: { status: number; body?: unknown },
  route: string,
): void {
  if (answer.status < 200 || answer.status >= 300) return;
  const issues = answerIssues(responses, answer);
  if (issues.length === 0) return;
  logger.error('response contract violation', { route, status: answer.status, issues });
  throw new ResponseContractViolationError(route, answer.status);
}

export function answerIssues(
  responses: ResponseSchemas,
  answer: { status: number; body?: unknown },
): AnswerIssue[] {
  const schema = responses[answer.status];
  if (!schema) return [{ path: '', code: 'undeclared_status' }];
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success)
    return parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code }));
  return undeclaredFields(answer.body, parsed.data, []);
}

/** zod strips fields an object schema does not name; whatever it stripped was undeclared. */
function undeclaredFields(given: unknown, kept: unknown, path: string[]): AnswerIssue[] {
  if (Array.isArray(given) && Array.isArray(kept))
    return given.flatMap((item, i) => undeclaredFields(item, kept[i], [...path, String(i)]));
  if (!isPlainObject(given) || !isPlainObject(kept)) return [];
  return Object.keys(given).flatMap((key) =>
    key in kept
      ? undeclaredFields(given[key], kept[key], [...path, key])
      : given[key] === undefined
        ? []
        : [{ path: [...path, key].join('.'), code: 'undeclared_field' }],
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
