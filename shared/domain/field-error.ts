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
  const issues: FieldIssue[] = [[path, message] as [string, string], ...more].map(([p, m]) => ({
    in: 'body',
    path: p,
    message: m,
  }));
  const summary = issues.map((issue) => `${issue.path} ${issue.message}`).join('; ');
  return new ValidationError(`The request body is invalid: ${summary}.`, { details: issues });
}
