import { manifest } from '../../../infra/manifest';
import { fixtureManifest } from '../fixture-manifest';
import { type BuiltStack, buildStack, logicalId, removeBuiltStacks } from './build-stack';
import { allowedActions, environmentOf, resource, roleStatements } from './template-queries';

/** The token key (issue 18): tokens sealed with KMS envelope encryption in the app table. */
let dev: BuiltStack;
let prod: BuiltStack;

beforeAll(() => {
  dev = buildStack(manifest, { stage: 'dev' });
  prod = buildStack(fixtureManifest, {
    stage: 'prod',
    jwtIssuer: 'https://issuer.test/',
    jwtAudience: 'dashboard',
    dashboardUrl: 'https://dashboard.test',
  });
});

afterAll(removeBuiltStacks);

const keyId = (built: BuiltStack) => logicalId(built.stack.tokenKey.key);
const keyArn = (built: BuiltStack) => ({ 'Fn::GetAtt': [keyId(built), 'Arn'] });

function role(name: string): string {
  const fn = dev.stack.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return logicalId(fn.role);
}

function kmsStatements(name: string) {
  return roleStatements(dev.template, role(name)).filter((s) => s.Action.some((a) => a.startsWith('kms:')));
}

/** Exactly the token context's keys, a workspace and a token named, and the token purpose. */
const tokenContextCondition = {
  'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['purpose', 'workspaceId', 'tokenId'] },
  StringEquals: { 'kms:EncryptionContext:purpose': 'meta-access-token' },
  Null: { 'kms:EncryptionContext:workspaceId': 'false', 'kms:EncryptionContext:tokenId': 'false' },
};

const withTokens = (mode?: 'read' | 'manage') =>
  manifest.functions
    .filter((f) => (mode ? f.access.tokenSecrets === mode : f.access.tokenSecrets !== undefined))
    .map((f) => f.name)
    .sort();

describe('the token key', () => {
  it('is one customer-managed key with yearly rotation', () => {
    dev.template.resourceCountIs('AWS::KMS::Key', 1);
    const props = resource(dev.template, keyId(dev)).Properties ?? {};
    expect(props).toMatchObject({ EnableKeyRotation: true });
    // Symmetric (the default spec): what GenerateDataKey needs.
    expect(props.KeySpec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
    // The key policy leaves the grants to the functions' IAM policies (below).
    expect(JSON.stringify(props.KeyPolicy)).toContain(':root');
  });

  it('is kept in prod and goes with a dev stack, like the tables', () => {
    expect(resource(prod.template, keyId(prod))).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(resource(dev.template, keyId(dev))).toMatchObject({
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });
});

describe('who may use the token key', () => {
  it('the functions that read tokens and those that store them, and no other', () => {
    expect(withTokens('manage')).toEqual(['add-token', 'confirm-connect', 'disconnect', 'refresh-tokens']);
    expect(withTokens('read').length).toBeGreaterThan(5);
    for (const { name } of manifest.functions) {
      const kms = allowedActions(dev.template, role(name)).filter((a) => a.startsWith('kms:'));
      const mode = manifest.functions.find((f) => f.name === name)?.access.tokenSecrets;
      const expected =
        mode === 'manage' ? ['kms:Decrypt', 'kms:GenerateDataKey'] : mode ? ['kms:Decrypt'] : [];
      expect([name, kms.sort()]).toEqual([name, expected]);
    }
  });

  it('grants Decrypt and GenerateDataKey on the token key alone, each only under the token encryption context', () => {
    for (const name of withTokens()) {
      const statements = kmsStatements(name);
      expect(statements.length).toBeGreaterThan(0);
      for (const s of statements) {
        expect([name, s.Resource]).toEqual([name, [keyArn(dev)]]);
        expect([name, s.Condition]).toEqual([name, tokenContextCondition]);
      }
    }
    // A function that only reads cannot seal (GenerateDataKey), and none may Encrypt or re-wrap.
    for (const name of withTokens('read'))
      expect(kmsStatements(name).flatMap((s) => s.Action)).toEqual(['kms:Decrypt']);
    const everyAction = manifest.functions.flatMap((f) => allowedActions(dev.template, role(f.name)));
    expect(
      everyAction.filter((a) => a.startsWith('kms:') && !['kms:Decrypt', 'kms:GenerateDataKey'].includes(a)),
    ).toEqual([]);
  });

  it('gives the key ARN to exactly those functions, as TOKEN_KMS_KEY_ARN', () => {
    for (const { name } of manifest.functions) {
      const fn = dev.stack.functions.get(name);
      if (!fn) throw new Error(`no function ${name}`);
      const env = environmentOf(dev.template, logicalId(fn.fn));
      if (withTokens().includes(name)) expect([name, env.TOKEN_KMS_KEY_ARN]).toEqual([name, keyArn(dev)]);
      else
        expect([name, Object.keys(env)]).toEqual([name, expect.not.arrayContaining(['TOKEN_KMS_KEY_ARN'])]);
    }
  });

  it('keeps reading the Secrets Manager token secrets of before the vault, and deleting them only where tokens are managed', () => {
    const secretActions = (name: string) =>
      roleStatements(dev.template, role(name))
        .filter((s) => JSON.stringify(s.Resource).includes(':secret:meta/token/*'))
        .flatMap((s) => s.Action)
        .sort();
    for (const name of withTokens('manage'))
      expect([name, secretActions(name)]).toEqual([
        name,
        ['secretsmanager:DeleteSecret', 'secretsmanager:GetSecretValue'],
      ]);
    for (const name of withTokens('read'))
      expect([name, secretActions(name)]).toEqual([name, ['secretsmanager:GetSecretValue']]);
    const everyAction = manifest.functions.flatMap((f) => allowedActions(dev.template, role(f.name)));
    expect(everyAction).not.toContain('secretsmanager:CreateSecret');
    expect(everyAction).not.toContain('secretsmanager:PutSecretValue');
  });
});
