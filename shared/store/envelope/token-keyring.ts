import { KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import type { KeyringNode } from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import type { Config } from '../../platform/config';
import { kmsClient } from '../aws-clients';

/**
 * The keyring the token cipher uses, as config `tokenVault` says: in AWS a KMS keyring on the
 * stack's one customer-managed key (each token's data key from GenerateDataKey, opened by
 * Decrypt); locally a raw AES-256-GCM keyring on a key kept in `.local/`, so the same SDK and
 * message format run without a KMS emulator.
 */
export function tokenKeyring(settings: Config<'tokenVault'>): KeyringNode {
  if (settings.keyring === 'kms')
    return new KmsKeyringNode({ generatorKeyId: settings.keyArn, clientProvider: kmsClient });
  return new RawAesKeyringNode({
    keyNamespace: 'meta-ads-local',
    keyName: 'token-key',
    unencryptedMasterKey: settings.key,
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}
