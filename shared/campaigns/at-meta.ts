import { type TokenCandidate, withTokenFailover } from '../meta/token-failover';
import { metaRefusal } from './apply-at-meta';

/** Who a call to Meta for one ad account is made as: the token and its id (its rate-limit bucket). */
export interface AdAccountCall {
  accessToken: string;
  tokenId: string;
  /** `act_…` */
  adAccountId: string;
}

/**
 * One call at Meta for an ad account with the workspace's tokens (a refused token falls over
 * to the next); Meta's refusals of the request itself → 422 `meta_request_rejected`.
 */
export async function atMeta<T>(
  tokens: readonly TokenCandidate[],
  adAccountId: string,
  call: (target: AdAccountCall) => Promise<T>,
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
