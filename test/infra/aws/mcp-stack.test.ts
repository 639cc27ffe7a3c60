import { Match } from 'aws-cdk-lib/assertions';
import { httpRoutes, manifest } from '../../../infra/manifest';
import { mcpTools } from '../../../shared/mcp/tool-catalog';
import { type BuiltStack, buildStack, logicalId, removeBuiltStacks } from './build-stack';
import { allowedActions, environmentOf, resource, roleStatements } from './template-queries';

/** The agent tools (issue 17) in the stack built from the real manifest. */
const jwtIssuer = 'https://issuer.test/';
let built: BuiltStack;

beforeAll(() => {
  built = buildStack(manifest, { stage: 'dev', jwtIssuer });
});

afterAll(removeBuiltStacks);

function ids(name: string) {
  const found = built.stack.functions.get(name);
  if (!found) throw new Error(`no function ${name}`);
  return { fnId: logicalId(found.fn), roleId: logicalId(found.role) };
}
const tableArn = (name: string) => ({ 'Fn::GetAtt': [logicalId(built.stack.tables.get(name).table), 'Arn'] });
const queueArn = (name: string) => ({ 'Fn::GetAtt': [logicalId(built.stack.queues.get(name).queue), 'Arn'] });

/**
 * A role's grants as `action on resource` lines, its own log group and X-Ray left out (every
 * function has those, each on its own log group).
 */
function grantsOf(name: string): Set<string> {
  const grants = new Set<string>();
  for (const s of roleStatements(built.template, ids(name).roleId)) {
    if (s.Effect !== 'Allow') continue;
    for (const action of s.Action) {
      if (action.startsWith('logs:') || action.startsWith('xray:')) continue;
      for (const on of s.Resource) grants.add(`${action} on ${JSON.stringify(on)}`);
    }
  }
  return grants;
}

/** The functions that serve the tools' routes over REST. */
function toolRouteFunctions(): string[] {
  const served = new Map(
    httpRoutes(manifest).map(({ fn, trigger }) => [`${trigger.method} ${trigger.path}`, fn.name]),
  );
  const names = mcpTools.map((tool) => {
    const name = served.get(`${tool.route.method} ${tool.route.path}`);
    if (!name) throw new Error(`${tool.name}: no function serves ${tool.route.method} ${tool.route.path}`);
    return name;
  });
  return [...new Set(names)].sort();
}

describe('agent tools (MCP) in the stack', () => {
  it('routes POST and GET /mcp behind the JWT authorizer and the protected-resource document without one', () => {
    const routes = Object.values(built.template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties as { RouteKey: string; AuthorizationType?: string; AuthorizerId?: unknown },
    );
    const byKey = new Map(routes.map((r) => [r.RouteKey, r]));
    for (const key of ['POST /mcp', 'GET /mcp'])
      expect(byKey.get(key)).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: expect.anything() });
    const wellKnown = byKey.get('GET /.well-known/oauth-protected-resource');
    expect(wellKnown).toMatchObject({ AuthorizationType: 'NONE' });
    expect(wellKnown).not.toHaveProperty('AuthorizerId');
    expect(routes.filter((r) => /^\w+ \/(mcp|\.well-known\/)/.test(r.RouteKey))).toHaveLength(3);
  });

  it('sends /mcp to the mcp function and the well-known path to protected-resource', () => {
    const integrationTarget = (routeKey: string) => {
      const route = Object.values(built.template.findResources('AWS::ApiGatewayV2::Route')).find(
        (r) => r.Properties.RouteKey === routeKey,
      );
      if (!route) throw new Error(`no route ${routeKey}`);
      const target = (route.Properties.Target as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
      const integrationId = (target[1] as { Ref: string }).Ref;
      return resource(built.template, integrationId).Properties?.IntegrationUri;
    };
    const arnOf = (name: string) => ({ 'Fn::GetAtt': [ids(name).fnId, 'Arn'] });
    expect(integrationTarget('POST /mcp')).toEqual(arnOf('mcp'));
    expect(integrationTarget('GET /mcp')).toEqual(arnOf('mcp'));
    expect(integrationTarget('GET /.well-known/oauth-protected-resource')).toEqual(
      arnOf('protected-resource'),
    );
  });

  it("names the authorizer's issuer and the API's URL to protected-resource, bounded and with no data access", () => {
    const { fnId, roleId } = ids('protected-resource');
    const env = environmentOf(built.template, fnId);
    expect(env).toMatchObject({
      JWT_ISSUER: jwtIssuer,
      API_BASE_URL: { 'Fn::GetAtt': [logicalId(built.stack.api.api), 'ApiEndpoint'] },
    });
    built.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: Match.objectLike({ Issuer: jwtIssuer }),
    });
    expect(resource(built.template, fnId).Properties?.ReservedConcurrentExecutions).toBe(5);
    expect(
      Object.keys(env).filter((k) => /^(TABLE_|QUEUE_URL_|BUCKET_|META_|DASHBOARD_URL)/.test(k)),
    ).toEqual([]);
    expect(allowedActions(built.template, roleId).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it("gives the mcp function exactly the grants of the functions serving its tools' routes", () => {
    expect(toolRouteFunctions()).toEqual([
      'ad-object-reads',
      'ad-object-writes',
      'approvals',
      'audit',
      'bulk',
      'controls',
      'list-assets',
      'list-insights',
    ]);
    const union = new Set(toolRouteFunctions().flatMap((name) => [...grantsOf(name)]));
    expect([...grantsOf('mcp')].sort()).toEqual([...union].sort());
  });

  it('lets the mcp function write the app and idempotency tables, only read ua_daily_metrics, read tokens and send follow-ups', () => {
    const { fnId, roleId } = ids('mcp');
    const statements = roleStatements(built.template, roleId);
    const onResource = (arn: unknown) =>
      statements
        .filter((s) => s.Resource.some((r) => JSON.stringify(r) === JSON.stringify(arn)))
        .flatMap((s) => s.Action);
    for (const table of ['app', 'idempotency'])
      expect(onResource(tableArn(table))).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']),
      );
    expect(onResource(tableArn('dailyMetrics'))).toEqual(expect.arrayContaining(['dynamodb:Query']));
    expect(onResource(tableArn('dailyMetrics'))).not.toContain('dynamodb:PutItem');
    expect(onResource(queueArn('createFollowUps'))).toContain('sqs:SendMessage');
    const sends = statements.filter((s) => s.Action.includes('sqs:SendMessage')).flatMap((s) => s.Resource);
    expect(sends).toEqual([queueArn('createFollowUps')]);
    const tokens = statements.filter((s) => JSON.stringify(s.Resource).includes(':secret:meta/token/*'));
    expect(tokens.flatMap((s) => s.Action)).toEqual(['secretsmanager:GetSecretValue']);
    const actions = allowedActions(built.template, roleId);
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([]);
    expect(actions).not.toContain('secretsmanager:CreateSecret');
    expect(actions).not.toContain('secretsmanager:PutSecretValue');
    const env = environmentOf(built.template, fnId);
    expect(env).toMatchObject({
      TABLE_APP: { Ref: logicalId(built.stack.tables.get('app').table) },
      TABLE_IDEMPOTENCY: { Ref: logicalId(built.stack.tables.get('idempotency').table) },
      TABLE_DAILY_METRICS: { Ref: logicalId(built.stack.tables.get('dailyMetrics').table) },
      QUEUE_URL_CREATE_FOLLOW_UPS: { Ref: logicalId(built.stack.queues.get('createFollowUps').queue) },
    });
    expect(Object.keys(env).filter((k) => /^(QUEUE_URL_|BUCKET_)/.test(k))).toEqual([
      'QUEUE_URL_CREATE_FOLLOW_UPS',
    ]);
  });

  it('gives the mcp function the bulk route’s 60 s and 1024 MB, one tool call being up to 50 mutations', () => {
    expect(resource(built.template, ids('mcp').fnId).Properties).toMatchObject({
      Timeout: 60,
      MemorySize: 1024,
    });
  });
});
