import { manifest } from '../../../infra/manifest';
import { type BuiltStack, buildStack, logicalId, removeBuiltStacks } from './build-stack';
import { environmentOf, roleStatements } from './template-queries';

/** What split tests (issue 16) need, in the stack built from the real manifest. */
let built: BuiltStack;

beforeAll(() => {
  built = buildStack(manifest, { stage: 'dev' });
});

afterAll(removeBuiltStacks);

function ids(name: string) {
  const found = built.stack.functions.get(name);
  if (!found) throw new Error(`no function ${name}`);
  return { fnId: logicalId(found.fn), roleId: logicalId(found.role) };
}
const tableArn = (name: 'app' | 'idempotency' | 'dailyMetrics') => ({
  'Fn::GetAtt': [logicalId(built.stack.tables.get(name).table), 'Arn'],
});
/** The resources a role may call `action` on. */
const resourcesFor = (roleId: string, action: string) =>
  roleStatements(built.template, roleId)
    .filter((s) => s.Effect === 'Allow' && s.Action.includes(action))
    .flatMap((s) => s.Resource);

describe('experiments in the stack', () => {
  it('routes the four experiment routes to one function behind the JWT authorizer', () => {
    const routes = Object.values(built.template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties as { RouteKey: string; AuthorizationType?: string },
    );
    const keys = routes.filter((r) => /^\w+ \/meta\/experiments/.test(r.RouteKey));
    expect(keys.map((r) => r.RouteKey).sort()).toEqual([
      'GET /meta/experiments',
      'GET /meta/experiments/{id}',
      'POST /meta/experiments',
      'POST /meta/experiments/{id}/cancel',
    ]);
    expect(keys.every((r) => r.AuthorizationType === 'JWT')).toBe(true);
    const fns = manifest.functions.filter((fn) =>
      fn.triggers.some((t) => t.kind === 'http' && t.path.startsWith('/meta/experiments')),
    );
    expect(fns.map((fn) => fn.name)).toEqual(['experiments']);
  });

  it('writes the app and idempotency tables, only reads ua_daily_metrics, and gets their names', () => {
    const { fnId, roleId } = ids('experiments');
    expect(resourcesFor(roleId, 'dynamodb:PutItem')).toEqual(
      expect.arrayContaining([tableArn('app'), tableArn('idempotency')]),
    );
    expect(resourcesFor(roleId, 'dynamodb:PutItem')).not.toContainEqual(tableArn('dailyMetrics'));
    expect(resourcesFor(roleId, 'dynamodb:BatchWriteItem')).not.toContainEqual(tableArn('dailyMetrics'));
    expect(resourcesFor(roleId, 'dynamodb:Query')).toContainEqual(tableArn('dailyMetrics'));
    expect(Object.keys(environmentOf(built.template, fnId))).toEqual(
      expect.arrayContaining([
        'TABLE_APP',
        'TABLE_IDEMPOTENCY',
        'TABLE_DAILY_METRICS',
        'META_APP_SECRET_ARN',
      ]),
    );
  });
});
