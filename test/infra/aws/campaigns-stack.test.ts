import { manifest } from '../../../infra/manifest';
import { type BuiltStack, buildStack, logicalId, removeBuiltStacks } from './build-stack';
import { allowedActions, environmentOf, roleStatements } from './template-queries';

/** The resources campaign management (issue 14) needs, in the stack built from the real manifest. */
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
const tableArn = (name: string) => ({ 'Fn::GetAtt': [logicalId(built.stack.tables.get(name).table), 'Arn'] });

describe('campaign management in the stack', () => {
  it('routes every campaign, ad set, ad, controls, approvals, audit and bulk route behind the JWT authorizer', () => {
    const routes = Object.values(built.template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties as { RouteKey: string; AuthorizationType?: string },
    );
    const campaignKeys = routes.filter((r) =>
      /^(\w+) \/(meta\/(campaigns|adsets|ads|approvals|audit|bulk)|controls)/.test(r.RouteKey),
    );
    expect(campaignKeys.map((r) => r.RouteKey)).toEqual(
      expect.arrayContaining([
        'POST /meta/campaigns',
        'PATCH /meta/adsets/{id}',
        'POST /meta/ads/{id}/pause',
        'DELETE /meta/campaigns/{id}',
        'PUT /controls',
        'POST /meta/approvals/{id}/approve',
        'GET /meta/audit',
        'POST /meta/bulk',
      ]),
    );
    expect(campaignKeys).toHaveLength(28);
    expect(campaignKeys.every((r) => r.AuthorizationType === 'JWT')).toBe(true);
  });

  it('lets the guarded writers claim idempotency keys and commit across the app and idempotency tables', () => {
    for (const name of ['ad-object-writes', 'bulk', 'approvals']) {
      const statements = roleStatements(built.template, ids(name).roleId).filter((s) =>
        s.Action.includes('dynamodb:PutItem'),
      );
      expect(statements.flatMap((s) => s.Resource)).toEqual(
        expect.arrayContaining([tableArn('app'), tableArn('idempotency')]),
      );
      expect(environmentOf(built.template, ids(name).fnId)).toMatchObject({
        TABLE_IDEMPOTENCY: { Ref: logicalId(built.stack.tables.get('idempotency').table) },
        QUEUE_URL_CREATE_FOLLOW_UPS: { Ref: logicalId(built.stack.queues.get('createFollowUps').queue) },
      });
    }
  });

  it('keeps Meta, tokens and the idempotency table away from the controls and audit functions', () => {
    for (const name of ['controls', 'audit']) {
      const actions = allowedActions(built.template, ids(name).roleId);
      expect(actions.filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
      const resources = roleStatements(built.template, ids(name).roleId).flatMap((s) => s.Resource);
      expect(resources).not.toContainEqual(tableArn('idempotency'));
    }
    expect(allowedActions(built.template, ids('audit').roleId)).not.toContain('dynamodb:PutItem');
  });

  it('feeds the create follow-ups from their own queue with a DLQ', () => {
    const queue = built.stack.queues.get('createFollowUps');
    built.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: ids('create-follow-ups').fnId },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(queue.queue), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    built.template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(queue.dlq), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
  });
});
