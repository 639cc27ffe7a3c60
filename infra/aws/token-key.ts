import type { RemovalPolicy } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface TokenKeyProps {
  removalPolicy: RemovalPolicy;
}

/**
 * The one customer-managed KMS key that seals the Meta access tokens (envelope encryption:
 * each token's data key comes from it; shared/store/envelope). Rotated yearly by KMS; the old
 * key material keeps opening what it sealed. Functions get it by `useTokenSecrets`, scoped to
 * the token encryption context (manifest-function.ts).
 */
export class TokenKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: TokenKeyProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Seals the Meta access tokens stored in the app table (envelope encryption)',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
  }
}
