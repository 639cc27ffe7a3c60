import { config } from '../platform/config';
import { DynamoTokenCipherStore } from './dynamodb/token-cipher-store';
import { EnvelopeTokenVault } from './envelope/envelope-token-vault';
import { TokenCipher } from './envelope/token-cipher';
import { tokenKeyring } from './envelope/token-keyring';
import { RoutingTokenVault } from './routing-token-vault';
import { SecretsManagerTokenVault } from './secrets-manager/token-vault';
import type { TokenVault } from './token-vault';

let sharedTokenVault: TokenVault | undefined;

/**
 * The one token vault of the container, for the composition roots (shared/<area>/*-root.ts,
 * roots/): tokens sealed in the app table with the key config `tokenVault` names, and the
 * Secrets Manager secrets of before the move still read, routed by id.
 */
export function tokenVault(): TokenVault {
  sharedTokenVault ??= new RoutingTokenVault(
    new EnvelopeTokenVault(new TokenCipher(tokenKeyring(config('tokenVault'))), new DynamoTokenCipherStore()),
    new SecretsManagerTokenVault(),
  );
  return sharedTokenVault;
}
