/** Where access tokens live (Secrets Manager); nothing secret is ever stored elsewhere. */
export interface TokenVault {
  /** Creates or replaces the secret; returns its id (ARN) for the TokenRef. */
  put(name: string, accessToken: string): Promise<string>;
  /** Writes a new value into an existing secret, by the id `put` returned (a refresh). */
  replace(secretId: string, accessToken: string): Promise<void>;
  get(secretId: string): Promise<string>;
  /** Deletes at once, without a recovery window: a disconnected token must be gone. */
  delete(secretId: string): Promise<void>;
}

/** Secret names per workspace and token, under the prefix IAM grants the connect functions. */
export function tokenSecretName(workspaceId: string, tokenId: string): string {
  return `meta/token/${workspaceId}/${tokenId}`;
}
