/**
 * The absolute URL of the OAuth callback, from the API's configured base URL (`API_BASE_URL`):
 * both legs of the login (dialog and code exchange) must send Meta the same one, and it must
 * never come from a request's Host or X-Forwarded-Proto.
 * @example callbackUrl('https://api.example.com') // 'https://api.example.com/integrations/meta/callback'
 */
export function callbackUrl(apiBaseUrl: string): string {
  return `${apiBaseUrl.replace(/\/+$/, '')}/integrations/meta/callback`;
}
