import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { manifest } from '../../../infra/manifest';
import { fixtureManifest } from '../fixture-manifest';
import { type BuiltStack, buildStack, removeBuiltStacks } from './build-stack';

const builds: Record<string, BuiltStack> = {};

/** A prod stack refuses the placeholder settings: these stand for a real deploy's. */
const prodSettings = {
  stage: 'prod',
  jwtIssuer: 'https://issuer.test/',
  jwtAudience: 'dashboard',
  dashboardUrl: 'https://dashboard.test',
} as const;

beforeAll(() => {
  builds['fixture dev'] = buildStack(fixtureManifest, { stage: 'dev' });
  builds['fixture prod'] = buildStack(fixtureManifest, prodSettings);
  builds['manifest dev'] = buildStack(manifest, { stage: 'dev' });
  builds['manifest prod'] = buildStack(manifest, prodSettings);
});

afterAll(removeBuiltStacks);

/** Every rule acknowledged on a construct, with the construct path and the reason. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe.each(['fixture dev', 'fixture prod', 'manifest dev', 'manifest prod'])(
  'cdk-nag on the %s stack',
  (name) => {
    const built = () => {
      const b = builds[name];
      if (!b) throw new Error(`no stack built for ${name}`);
      return b;
    };

    it('reports no unacknowledged AwsSolutions finding', () => {
      const report = new AwsSolutionsChecks().validateScope(built().stack);
      const findings = report.violations.map((v) => ({
        rule: v.ruleName,
        severity: v.severity,
        at: v.violatingResources.map((r) => r.constructPath),
      }));
      expect(findings).toEqual([]);
    });

    it('acknowledges findings on single constructs with a reason, never on the app or stack', () => {
      const acks = acknowledgements(built().app);
      expect(acks.length).toBeGreaterThan(0);
      for (const ack of acks) {
        expect(ack.path.split('/').length).toBeGreaterThan(1);
        expect(ack.reason.length).toBeGreaterThan(40);
      }
    });
  },
);

describe('AwsSolutionsChecks', () => {
  it('flags what nobody acknowledged (the check above is live)', () => {
    const { stack } = buildStack({ ...fixtureManifest, functions: [] });
    const unguarded = new Queue(stack, 'Unguarded');
    const report = new AwsSolutionsChecks().validateScope(unguarded);
    expect(report.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['AwsSolutions-SQS4']));
  });
});
