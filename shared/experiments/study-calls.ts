import { metaRefusal } from '../campaigns/apply-at-meta';
import { type TokenCandidate, withTokenFailover } from '../meta/token-failover';
import type { StudyCall } from './meta-ad-studies';

/** One call at Meta with the workspace's tokens (a refused token falls over); refusals → 422. */
export async function atMeta<T>(
  tokens: readonly TokenCandidate[],
  adAccountId: string,
  call: (study: StudyCall) => Promise<T>,
): Promise<T> {
  try {
    const { value } = await withTokenFailover(tokens, (token) =>
      call({ accessToken: token.accessToken, tokenId: token.id, adAccountId }),
    );
    return value;
  } catch (err: unknown) {
    throw metaRefusal(err);
  }
}
