import type { StoredAnswer } from '../domain/mutation';
import type { AppError } from '../platform/errors';

/**
 * A refusal as a stored answer: the status and the §5 error body the route would have sent.
 * What a replay gives back, a bulk operation answers and an approval's result holds.
 */
export function refusalAnswer(err: AppError): StoredAnswer {
  return {
    status: err.status,
    body: {
      error: {
        code: err.code,
        message: err.message,
        ...(err.details === undefined ? {} : { details: err.details }),
      },
    },
  };
}
