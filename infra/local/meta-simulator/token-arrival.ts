/** Where a call's access token came from: tests assert that our client never puts one in a URL. */
export type TokenArrival = 'header' | 'query' | 'body' | 'none';

/** Parameters whose value is a token or a secret: none of them belongs in a URL. */
const SECRET_PARAMS = ['access_token', 'client_secret', 'fb_exchange_token', 'input_token', 'code'] as const;

/** The secret-bearing parameters a URL's query carries, by name (never their values). */
export function secretsIn(query: URLSearchParams): string[] {
  return SECRET_PARAMS.filter((name) => query.has(name));
}

/**
 * `query` whenever the URL carries `access_token` (even if the body or a header has one too),
 * else `body`, else `header` (`Authorization: Bearer|OAuth`), else `none`.
 */
export function tokenArrival(
  query: URLSearchParams,
  body: URLSearchParams,
  headerToken: string | undefined,
): TokenArrival {
  if (query.has('access_token')) return 'query';
  if (body.has('access_token')) return 'body';
  return headerToken === undefined ? 'none' : 'header';
}
