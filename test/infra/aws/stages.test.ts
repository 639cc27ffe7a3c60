import { placeholderSettings } from '../../../infra/aws/deploy-settings';
import { fixtureManifest } from '../fixture-manifest';
import { type BuiltStack, buildStack, logicalId, removeBuiltStacks } from './build-stack';
import { environmentOf, resource } from './template-queries';

let dev: BuiltStack;
let prod: BuiltStack;

beforeAll(() => {
  dev = buildStack(fixtureManifest, { stage: 'dev' });
  prod = buildStack(fixtureManifest, {
    stage: 'prod',
    jwtIssuer: 'https://issuer.test/',
    jwtAudience: 'dashboard',
    dashboardUrl: 'https://dashboard.test',
  });
});

afterAll(removeBuiltStacks);

const statefulTypes = [
  'AWS::DynamoDB::Table',
  'AWS::S3::Bucket',
  'AWS::SecretsManager::Secret',
  'AWS::SQS::Queue',
  'AWS::Logs::LogGroup',
  'AWS::KMS::Key',
];

function policiesOf(built: BuiltStack): { type: string; deletion?: string; replace?: string }[] {
  return statefulTypes.flatMap((type) =>
    Object.values(built.template.findResources(type)).map((r) => ({
      type,
      deletion: r.DeletionPolicy as string | undefined,
      replace: r.UpdateReplacePolicy as string | undefined,
    })),
  );
}

describe('prod', () => {
  it('turns on deletion protection for every table', () => {
    for (const name of Object.keys(fixtureManifest.tables)) {
      const table = prod.stack.tables.get(name).table;
      expect(resource(prod.template, logicalId(table)).Properties).toMatchObject({
        DeletionProtectionEnabled: true,
      });
    }
  });

  it('retains every stateful resource on delete and on replacement', () => {
    const policies = policiesOf(prod);
    expect(policies.length).toBeGreaterThan(0);
    for (const p of policies) expect(p).toEqual({ type: p.type, deletion: 'Retain', replace: 'Retain' });
  });

  it('never empties buckets on delete', () => {
    prod.template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  it('keeps logs three months and logs at INFO', () => {
    for (const lg of Object.values(prod.template.findResources('AWS::Logs::LogGroup')))
      expect(lg.Properties.RetentionInDays).toBe(90);
    for (const { fn } of prod.stack.functions.values())
      expect(environmentOf(prod.template, logicalId(fn))).toMatchObject({
        STAGE: 'prod',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
  });

  it('warns about no placeholder when the real settings are passed', () => {
    const warnings = prod.stack.node.metadata.filter((m) => String(m.data).includes('placeholder'));
    expect(warnings).toEqual([]);
  });

  it('refuses to synthesize on placeholder settings, naming each and how to set it', () => {
    expect(() => buildStack(fixtureManifest, { stage: 'prod' })).toThrow(
      'The prod stack still uses the placeholder jwtIssuer (-c jwtIssuer=… or JWT_ISSUER=…), ' +
        'jwtAudience (-c jwtAudience=… or JWT_AUDIENCE=…), dashboardUrl (-c dashboardUrl=… or DASHBOARD_URL=…). ' +
        'A prod stack refuses placeholders: set each one and synth again.',
    );
  });

  it.each([
    ['jwtIssuer', 'JWT_ISSUER'],
    ['jwtAudience', 'JWT_AUDIENCE'],
    ['dashboardUrl', 'DASHBOARD_URL'],
  ] as const)('refuses a prod stack whose %s alone is still the placeholder', (key, env) => {
    const real = {
      jwtIssuer: 'https://issuer.test/',
      jwtAudience: 'dashboard',
      dashboardUrl: 'https://dashboard.test',
    };
    expect(() =>
      buildStack(fixtureManifest, { stage: 'prod', ...real, [key]: placeholderSettings[key] }),
    ).toThrow(
      new RegExp(`^The prod stack still uses the placeholder ${key} \\(-c ${key}=… or ${env}=…\\)\\. `),
    );
  });
});

describe('dev', () => {
  it('still synthesizes on placeholder settings (a fresh clone), with a warning naming them', () => {
    const warnings = dev.stack.node.metadata
      .map((m) => String(m.data))
      .filter((d) => d.includes('placeholder'));
    expect(warnings).toEqual([expect.stringContaining('jwtIssuer (-c jwtIssuer=… or JWT_ISSUER=…)')]);
    expect(warnings[0]).toContain('jwtAudience');
    expect(warnings[0]).toContain('dashboardUrl');
  });

  it('has no deletion protection and destroys stateful resources with the stack', () => {
    for (const name of Object.keys(fixtureManifest.tables)) {
      const table = resource(dev.template, logicalId(dev.stack.tables.get(name).table));
      expect(table.Properties?.DeletionProtectionEnabled).toBe(false);
      expect(table.DeletionPolicy).toBe('Delete');
    }
    for (const p of policiesOf(dev))
      expect(p).toEqual({ type: p.type, deletion: 'Delete', replace: 'Delete' });
  });

  it('empties its buckets so the stack can be deleted', () => {
    dev.template.resourceCountIs('Custom::S3AutoDeleteObjects', 2);
  });

  it('keeps logs one week and logs at DEBUG', () => {
    for (const lg of Object.values(dev.template.findResources('AWS::Logs::LogGroup')))
      expect(lg.Properties.RetentionInDays).toBe(7);
    for (const { fn } of dev.stack.functions.values())
      expect(environmentOf(dev.template, logicalId(fn))).toMatchObject({
        STAGE: 'dev',
        POWERTOOLS_LOG_LEVEL: 'DEBUG',
      });
  });
});
