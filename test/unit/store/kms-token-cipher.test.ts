import { randomBytes } from 'node:crypto';
import { DecryptCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { TokenCipher } from '../../../shared/store/envelope/token-cipher';
import { TOKEN_CONTEXT_KEYS } from '../../../shared/store/envelope/token-context';
import { tokenKeyring } from '../../../shared/store/envelope/token-keyring';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const TOKEN = 'EAAGm0PX4ZCpsBAKZCLrealLookingToken0123456789';

/**
 * KMS as the keyring sees it: GenerateDataKey hands out a data key and a blob, Decrypt gives
 * the key back only for the same key and the same encryption context (as KMS does).
 */
const canonical = (context: Record<string, string> | undefined) =>
  JSON.stringify(Object.entries(context ?? {}).sort(([a], [b]) => a.localeCompare(b)));

function fakeKms() {
  const kms = mockClient(KMSClient);
  const issued = new Map<string, { plaintext: Uint8Array; context: string }>();
  kms.on(GenerateDataKeyCommand).callsFake((input: GenerateDataKeyCommand['input']) => {
    // Copies out: the SDK zeroes the data key it was given once it is done with it.
    const plaintext = randomBytes(32);
    const blob = randomBytes(48);
    issued.set(blob.toString('hex'), { plaintext, context: canonical(input.EncryptionContext) });
    return { KeyId: KEY_ARN, Plaintext: Uint8Array.from(plaintext), CiphertextBlob: blob };
  });
  kms.on(DecryptCommand).callsFake((input: DecryptCommand['input']) => {
    const found = issued.get(Buffer.from(input.CiphertextBlob ?? []).toString('hex'));
    if (!found || input.KeyId !== KEY_ARN || found.context !== canonical(input.EncryptionContext))
      throw Object.assign(new Error('InvalidCiphertextException'), { name: 'InvalidCiphertextException' });
    return { KeyId: KEY_ARN, Plaintext: Uint8Array.from(found.plaintext) };
  });
  return kms;
}

describe('TokenCipher on the KMS keyring (the AWS path, KMS mocked)', () => {
  const kms = fakeKms();
  afterAll(() => kms.restore());
  const cipher = new TokenCipher(tokenKeyring({ keyring: 'kms', keyArn: KEY_ARN }));
  const owner = { workspaceId: 'ws-1', tokenId: 'login-abc' };

  it('asks KMS for one data key per token under the token context, and opens it with Decrypt under the same', async () => {
    kms.resetHistory();
    const sealed = await cipher.seal(TOKEN, owner);
    expect(await cipher.open(sealed, owner)).toBe(TOKEN);

    const generated = kms.commandCalls(GenerateDataKeyCommand).map((c) => c.args[0].input);
    expect(generated).toEqual([
      expect.objectContaining({
        KeyId: KEY_ARN,
        EncryptionContext: { purpose: 'meta-access-token', workspaceId: 'ws-1', tokenId: 'login-abc' },
      }),
    ]);
    const decrypted = kms.commandCalls(DecryptCommand).map((c) => c.args[0].input);
    expect(decrypted).toEqual([
      expect.objectContaining({
        KeyId: KEY_ARN,
        EncryptionContext: { purpose: 'meta-access-token', workspaceId: 'ws-1', tokenId: 'login-abc' },
      }),
    ]);
    // Exactly the keys the IAM condition allows (kms:EncryptionContextKeys), nothing the SDK adds.
    expect(Object.keys(generated[0]?.EncryptionContext ?? {}).sort()).toEqual([...TOKEN_CONTEXT_KEYS].sort());
    expect(kms.commandCalls(EncryptCommand)).toHaveLength(0);
  });

  it("does not open another workspace's token, even though KMS would unwrap its data key", async () => {
    const sealed = await cipher.seal(TOKEN, owner);
    await expect(cipher.open(sealed, { ...owner, workspaceId: 'ws-2' })).rejects.toThrow(
      'not the one of workspace ws-2',
    );
  });
});
