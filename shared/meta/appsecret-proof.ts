import { createHmac } from 'node:crypto';

/**
 * `appsecret_proof`: lowercase hex HMAC-SHA256 of the access token keyed with the app secret,
 * sent with every Graph call so a stolen token is useless without the secret.
 * https://developers.facebook.com/docs/graph-api/securing-requests
 * @example appSecretProof('app-secret', 'EAAB...') // '3f1c…' (64 hex chars)
 */
export function appSecretProof(appSecret: string, accessToken: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}
