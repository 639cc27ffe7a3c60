// The AWS Encryption SDK's own modules (what @aws-crypto/client-node re-exports): imported
// one by one they tree-shake, and the bundle stays under its 1 MB budget (~160 KB smaller).
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import {
  AlgorithmSuiteIdentifier,
  type ClientOptions,
  CommitmentPolicy,
  type KeyringNode,
} from '@aws-crypto/material-management-node';
import type { TokenOwner } from '../token-vault';
import { tokenContext } from './token-context';

/**
 * Committing and unsigned: a signed suite would add an `aws-crypto-public-key` pair to the
 * context KMS sees, which the IAM condition on the context keys refuses, and an ECDSA
 * signature per token buys nothing when the writer and the reader are the same service.
 */
const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;

/** One key wraps each token's data key: a message with more is not ours. */
const clientOptions: ClientOptions = {
  commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
  maxEncryptedDataKeys: 1,
};
const { encrypt } = buildEncrypt(clientOptions);
const { decrypt } = buildDecrypt(clientOptions);

/** A sealed token opened under a context other than the one asked for (another workspace's, another token's). */
export class TokenContextMismatchError extends Error {
  constructor(expected: TokenOwner) {
    super(
      `the sealed token is not the one of workspace ${expected.workspaceId}, token ${expected.tokenId}: refused`,
    );
    this.name = 'TokenContextMismatchError';
  }
}

/**
 * Seals and opens access tokens with the AWS Encryption SDK (envelope encryption: a fresh
 * data key per token, wrapped by the keyring's key). The context names the workspace and
 * the token; it is authenticated with the ciphertext and, under KMS, logged by CloudTrail.
 * Opening checks the context the message carries equals the expected one, so a ciphertext
 * copied under another workspace's item does not open as that workspace's token.
 */
export class TokenCipher {
  constructor(private readonly keyring: KeyringNode) {}

  async seal(accessToken: string, owner: TokenOwner): Promise<Uint8Array> {
    const { result } = await encrypt(this.keyring, accessToken, {
      encryptionContext: tokenContext(owner),
      suiteId: SUITE,
    });
    return result;
  }

  async open(ciphertext: Uint8Array, owner: TokenOwner): Promise<string> {
    const { plaintext, messageHeader } = await decrypt(this.keyring, ciphertext);
    if (messageHeader.suiteId !== SUITE || !sameContext(messageHeader.encryptionContext, tokenContext(owner)))
      throw new TokenContextMismatchError(owner);
    return plaintext.toString('utf8');
  }
}

function sameContext(actual: Readonly<Record<string, string>>, expected: Record<string, string>): boolean {
  const keys = Object.keys(actual);
  return keys.length === Object.keys(expected).length && keys.every((k) => actual[k] === expected[k]);
}
