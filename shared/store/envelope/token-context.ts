import type { TokenOwner } from '../token-vault';

/** Names what the token key may be used for; the IAM grants require it (infra/aws/manifest-function.ts). */
export const TOKEN_PURPOSE = 'meta-access-token';

/** The encryption context keys of a sealed token, exactly: the IAM condition lists the same ones. */
export const TOKEN_CONTEXT_KEYS = ['purpose', 'workspaceId', 'tokenId'] as const;

export type TokenContext = Record<(typeof TOKEN_CONTEXT_KEYS)[number], string>;

/** The context a token of this workspace and token id is sealed under and must open under. */
export function tokenContext(owner: TokenOwner): TokenContext {
  return { purpose: TOKEN_PURPOSE, workspaceId: owner.workspaceId, tokenId: owner.tokenId };
}
