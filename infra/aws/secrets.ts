import { type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { SecretSpec } from '../resources';
import { constructId } from './construct-id';

export interface ManifestSecretsProps {
  secrets: Record<string, SecretSpec>;
  removalPolicy: RemovalPolicy;
}

/**
 * One Secrets Manager secret per manifest entry. CDK fills it with a random value; an
 * operator puts the real JSON (from the Meta app dashboard) after the first deploy.
 */
export class ManifestSecrets extends Construct {
  private readonly byName = new Map<string, { secret: Secret; spec: SecretSpec }>();

  constructor(scope: Construct, id: string, props: ManifestSecretsProps) {
    super(scope, id);
    for (const [name, spec] of Object.entries(props.secrets)) {
      const secret = new Secret(this, constructId(name), {
        description: spec.description,
        removalPolicy: props.removalPolicy,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The value is issued by Meta (app secret, webhook keys) and can only be changed in the ' +
          'Meta app dashboard, so a Secrets Manager rotation Lambda has nothing to rotate; an ' +
          'operator rotates it, and webhook keys overlap for 7 days (DESIGN §7).',
      });
      this.byName.set(name, { secret, spec });
    }
  }

  /** The secret and its spec by manifest name; an unknown name is a manifest bug. */
  get(name: string): { secret: Secret; spec: SecretSpec } {
    const entry = this.byName.get(name);
    if (!entry) throw new Error(`Unknown secret ${name}: manifestProblems() should have caught it`);
    return entry;
  }
}
