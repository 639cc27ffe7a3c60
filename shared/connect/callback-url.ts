/**
 * The absolute URL of the OAuth callback, from the request that starts or ends the login
 * (API Gateway's Host and X-Forwarded-Proto); both legs must send Meta the same one.
 */
export function callbackUrl(headers: Record<string, string>): string {
  const proto = headers['x-forwarded-proto'] === 'http' ? 'http' : 'https';
  const host = headers.host ?? 'localhost';
  return `${proto}://${host}/integrations/meta/callback`;
}
