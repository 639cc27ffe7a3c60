import { Match } from 'aws-cdk-lib/assertions';
import { manifest } from '../../../infra/manifest';
import { type BuiltStack, buildStack, logicalId, removeBuiltStacks } from './build-stack';
import { allowedActions, environmentOf, resource, roleStatements } from './template-queries';

/** What the Insights pull (issue 16) needs, in the stack built from the real manifest. */
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
const pullQueue = () => built.stack.queues.get('insightsPull');
const tableArn = (name: string) => ({ 'Fn::GetAtt': [logicalId(built.stack.tables.get(name).table), 'Arn'] });
const tableResources = (name: string) =>
  roleStatements(built.template, ids(name).roleId)
    .filter((s) => s.Action.some((a) => a.startsWith('dynamodb:')))
    .flatMap((s) => s.Resource);

describe('the Insights pull in the stack', () => {
  it('has the insightsPull queue, its visibility a little over the consumer’s timeout, 8 receives before its DLQ', () => {
    const { queue, dlq } = pullQueue();
    const props = resource(built.template, logicalId(queue)).Properties as Record<string, unknown>;
    expect(props.VisibilityTimeout).toBe(150);
    expect(props.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(dlq), 'Arn'] },
      maxReceiveCount: 8,
    });
    const timeout = (resource(built.template, ids('pull-insights').fnId).Properties as { Timeout: number })
      .Timeout;
    expect(timeout).toBe(120);
    built.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: ids('pull-insights').fnId },
      EventSourceArn: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('fires insights-schedule hourly and once a day from two named EventBridge rules', () => {
    for (const [name, expression] of [
      ['insights-hourly', 'rate(1 hour)'],
      ['insights-daily', 'cron(30 3 * * ? *)'],
    ] as const) {
      built.template.hasResourceProperties('AWS::Events::Rule', {
        Name: Match.stringLikeRegexp(`-${name}$`),
        ScheduleExpression: expression,
        State: 'ENABLED',
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [ids('insights-schedule').fnId, 'Arn'] } })],
      });
    }
  });

  it('routes the refresh and the job behind the JWT authorizer to insights-jobs', () => {
    const routes = Object.values(built.template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties as { RouteKey: string; AuthorizationType?: string },
    );
    const keys = routes.filter((r) => /^\w+ \/insights\/(refresh|jobs)/.test(r.RouteKey));
    expect(keys.map((r) => r.RouteKey).sort()).toEqual([
      'GET /insights/jobs/{jobId}',
      'POST /insights/refresh',
    ]);
    expect(keys.every((r) => r.AuthorizationType === 'JWT')).toBe(true);
  });

  it('gives the consumer the app and daily-metrics tables, token secrets to read, Meta and its own queue', () => {
    const { fnId, roleId } = ids('pull-insights');
    expect(tableResources('pull-insights')).toEqual(
      expect.arrayContaining([tableArn('app'), tableArn('dailyMetrics'), tableArn('idempotency')]),
    );
    expect(allowedActions(built.template, roleId)).toEqual(
      expect.arrayContaining(['secretsmanager:GetSecretValue', 'sqs:SendMessage', 'dynamodb:BatchWriteItem']),
    );
    expect(environmentOf(built.template, fnId)).toMatchObject({
      QUEUE_URL_INSIGHTS_PULL: { Ref: logicalId(pullQueue().queue) },
      TABLE_DAILY_METRICS: { Ref: logicalId(built.stack.tables.get('dailyMetrics').table) },
      // The spend guard's pauses run the campaign area's mutation path (exactly once, follow-ups).
      TABLE_IDEMPOTENCY: { Ref: logicalId(built.stack.tables.get('idempotency').table) },
      QUEUE_URL_CREATE_FOLLOW_UPS: { Ref: logicalId(built.stack.queues.get('createFollowUps').queue) },
    });
  });

  it('keeps Meta, secrets and ua_daily_metrics away from the schedule and the job routes', () => {
    for (const name of ['insights-schedule', 'insights-jobs']) {
      expect(
        allowedActions(built.template, ids(name).roleId).filter((a) => a.startsWith('secretsmanager:')),
      ).toEqual([]);
      expect(tableResources(name)).not.toContainEqual(tableArn('dailyMetrics'));
      expect(environmentOf(built.template, ids(name).fnId)).toMatchObject({
        QUEUE_URL_INSIGHTS_PULL: { Ref: logicalId(pullQueue().queue) },
      });
    }
    // The schedule only reads the app table.
    expect(allowedActions(built.template, ids('insights-schedule').roleId)).not.toContain('dynamodb:PutItem');
  });
});
