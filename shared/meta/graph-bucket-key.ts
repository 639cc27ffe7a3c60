import { createHash } from 'node:crypto';

const AD_ACCOUNT = /(?:^|\/)act_(\d+)(?=\/|\?|$)/;
const INSIGHTS = /\/insights(?=\/|\?|$)/;

/**
 * The rate-limit bucket of a Graph call. Meta limits the Marketing API per ad account, with
 * Insights and management in separate buckets (an Insights throttle must not stop campaign
 * edits): `act_<id>` or `act_<id>:insights` when the path concerns an ad account. Other calls
 * (businesses, pages, /me…) fall under the app's per-user platform limits: `token:<tokenId>`,
 * or, when the caller gave no token id, `token:` + a short SHA-256 fingerprint of the token
 * (never the token itself). Callers that know the ad account of a path without `act_` (e.g.
 * `POST /{campaign-id}`) pass `bucketKey: adAccountBucketKey(id)` explicitly.
 * @example graphBucketKey('/act_123/insights', { accessToken }) // 'act_123:insights'
 */
export function graphBucketKey(path: string, token: { accessToken: string; tokenId?: string }): string {
  const account = AD_ACCOUNT.exec(path);
  if (account) return adAccountBucketKey(account[1] ?? '', INSIGHTS.test(path));
  return `token:${token.tokenId ?? tokenFingerprint(token.accessToken)}`;
}

/** `act_<id>` (or `act_<id>:insights`) for an ad account id given with or without `act_`. */
export function adAccountBucketKey(adAccountId: string, insights = false): string {
  const id = adAccountId.startsWith('act_') ? adAccountId.slice(4) : adAccountId;
  return `act_${id}${insights ? ':insights' : ''}`;
}

function tokenFingerprint(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest('hex').slice(0, 16);
}
