import { type MetaError, MetaPermissionError, MetaTokenInvalidError } from '../platform/errors';

/** A token that may reach an asset; `id` is ours (never the token). */
export interface TokenCandidate {
  id: string;
  accessToken: string;
}

/** A token that failed, and why: `needsReauth` for an invalid token (mark the connection). */
export interface FailedToken {
  id: string;
  error: MetaTokenInvalidError | MetaPermissionError;
  needsReauth: boolean;
}

export interface FailoverResult<T> {
  value: T;
  /** The token that worked. */
  tokenId: string;
  /** The tokens tried before it, in order. */
  failed: FailedToken[];
}

export interface FailoverOptions {
  /** Called for each token that fails, including when all fail (the result is then never returned). */
  onTokenFailed?: (failed: FailedToken) => void | Promise<void>;
}

/**
 * Runs `fn` with each candidate token in turn until one works. A token that fails with an
 * invalid-token (190) or a permission error is skipped and reported; any other error (throttle,
 * transient, request) is not the token's fault and is thrown at once. When every token fails,
 * the last error is thrown — `onTokenFailed` has then reported each of them.
 * @example
 * const { value, failed } = await withTokenFailover(tokens, (t) => graph.get('/act_1', { accessToken: t.accessToken, tokenId: t.id }));
 */
export async function withTokenFailover<T>(
  candidates: readonly TokenCandidate[],
  fn: (candidate: TokenCandidate) => Promise<T>,
  options: FailoverOptions = {},
): Promise<FailoverResult<T>> {
  const failed: FailedToken[] = [];
  let lastError: MetaError | undefined;
  for (const candidate of candidates) {
    try {
      const value = await fn(candidate);
      return { value, tokenId: candidate.id, failed };
    } catch (err: unknown) {
      if (!(err instanceof MetaTokenInvalidError || err instanceof MetaPermissionError)) throw err;
      const entry: FailedToken = {
        id: candidate.id,
        error: err,
        needsReauth: err instanceof MetaTokenInvalidError,
      };
      failed.push(entry);
      lastError = err;
      await options.onTokenFailed?.(entry);
    }
  }
  throw (
    lastError ??
    new MetaTokenInvalidError('No Meta token is available for this call', {
      httpStatus: 0,
      message: 'no token candidates',
    })
  );
}
