/**
 * Where access tokens live. Nothing secret is stored anywhere else: the token refs in the
 * app table carry only the id `put` returned.
 */
export interface TokenVault {
  /** Creates or replaces the stored token named `name` (see tokenSecretName); returns its id for the TokenRef. */
  put(name: string, accessToken: string): Promise<string>;
  /** Writes a new value into an existing stored token, by the id `put` returned (a refresh). */
  replace(secretId: string, accessToken: string): Promise<void>;
  get(secretId: string): Promise<string>;
  /** Deletes at once, without a recovery window: a disconnected token must be gone. */
  delete(secretId: string): Promise<void>;
}

const SECRET_NAME_PREFIX = 'meta/token/';

/** Token names per workspace and token: `meta/token/<workspaceId>/<tokenId>`. */
export function tokenSecretName(workspaceId: string, tokenId: string): string {
  return `${SECRET_NAME_PREFIX}${workspaceId}/${tokenId}`;
}

/** Whose a stored token is: the encryption context of a sealed token. */
export interface TokenOwner {
  workspaceId: string;
  tokenId: string;
}

/**
 * The workspace and token of a name from tokenSecretName. The token id is the last segment
 * (token ids never hold a slash; a workspace id may).
 */
export function ownerOfTokenSecretName(name: string): TokenOwner {
  if (!name.startsWith(SECRET_NAME_PREFIX)) throw new Error(`not a token name: ${name}`);
  return splitOwner(name.slice(SECRET_NAME_PREFIX.length), name);
}

/** Ids of tokens sealed in the app table (the envelope vault) start with this. */
export const SEALED_TOKEN_ID_PREFIX = 'vault:';

/** `vault:<workspaceId>/<tokenId>`: enough for `get` to find the item and rebuild its context. */
export function sealedTokenId(owner: TokenOwner): string {
  return `${SEALED_TOKEN_ID_PREFIX}${owner.workspaceId}/${owner.tokenId}`;
}

/** True for an id of the envelope vault; anything else is a Secrets Manager name or ARN (before the move). */
export function isSealedTokenId(secretId: string): boolean {
  return secretId.startsWith(SEALED_TOKEN_ID_PREFIX);
}

export function ownerOfSealedTokenId(secretId: string): TokenOwner {
  if (!isSealedTokenId(secretId)) throw new Error(`not a sealed token id: ${secretId}`);
  return splitOwner(secretId.slice(SEALED_TOKEN_ID_PREFIX.length), secretId);
}

function splitOwner(rest: string, whole: string): TokenOwner {
  const slash = rest.lastIndexOf('/');
  const workspaceId = rest.slice(0, slash);
  const tokenId = rest.slice(slash + 1);
  if (slash <= 0 || tokenId === '') throw new Error(`no workspace and token in ${whole}`);
  return { workspaceId, tokenId };
}
