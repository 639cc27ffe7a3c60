import { ValidationError } from '../platform/errors';

/** One refused field, in the shape of `validate()`'s zod issues (shared/platform/http.ts). */
export interface FieldIssue {
  in: 'body' | 'query' | 'path' | 'header';
  path: string;
  message: string;
}

/**
 * A 400 naming the body field(s) a business rule refuses, before Meta is asked: the caller
 * reads the same `details` as for a schema error.
 * @example throw fieldError('dailyBudget', 'must be more than 0')
 */
export function fieldError(path: string, message: string, ...more: [string, string][]): ValidationError {
  return fieldErrorIn('body', path, message, ...more);
}

/**
 * The same 400 for fields of another part of the request (a query parameter).
 * @example throw fieldErrorIn('query', 'from', 'must not be after to')
 */
export function fieldErrorIn(
  where: FieldIssue['in'],
  path: string,
  message: string,
  ...more: [string, string][]
): ValidationError {
  const issues: FieldIssue[] = [[path, message] as [string, string], ...more].map(([p, m]) => ({
    in: where,
    path: p,
    message: m,
  }));
  const summary = issues.map((issue) => `${issue.path} ${issue.message}`).join('; ');
  const part = where === 'body' ? 'request body' : `request ${where}`;
  return new ValidationError(`The ${part} is invalid: ${summary}.`, { details: issues });
}
