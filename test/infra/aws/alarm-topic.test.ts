import { fixtureManifest } from '../fixture-manifest';
import { type BuiltStack, buildStack, logicalId, removeBuiltStacks } from './build-stack';

let built: BuiltStack;
beforeAll(() => {
  built = buildStack(fixtureManifest, { stage: 'dev' });
});
afterAll(removeBuiltStacks);

describe('alarms reach someone', () => {
  const topicId = () => logicalId(built.stack.alarms.topic);

  it('has one alarm topic that refuses publishers without TLS', () => {
    const topics = built.template.findResources('AWS::SNS::Topic');
    expect(Object.keys(topics)).toEqual([topicId()]);
    const policies = Object.values(built.template.findResources('AWS::SNS::TopicPolicy'));
    expect(policies).toHaveLength(1);
    expect(JSON.stringify(policies[0])).toContain('"aws:SecureTransport":"false"');
  });

  it('subscribes the AlarmEmail deploy parameter, only when one is given', () => {
    const parameter = built.template.toJSON().Parameters?.AlarmEmail;
    expect(parameter).toMatchObject({ Type: 'String', Default: '' });
    const pattern = new RegExp(String(parameter.AllowedPattern));
    expect(pattern.test('')).toBe(true);
    expect(pattern.test('oncall@example.com')).toBe(true);
    expect(pattern.test('not an address')).toBe(false);
    const subscriptions = Object.values(built.template.findResources('AWS::SNS::Subscription'));
    expect(subscriptions).toHaveLength(1);
    const [subscription] = subscriptions;
    if (!subscription) throw new Error('no subscription');
    expect(subscription.Properties).toEqual({
      TopicArn: { Ref: topicId() },
      Protocol: 'email',
      Endpoint: { Ref: 'AlarmEmail' },
    });
    const condition = built.template.toJSON().Conditions?.[subscription.Condition];
    expect(condition).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlarmEmail' }, ''] }] });
  });

  it('notifies the topic from every alarm, when it fires and when it clears', () => {
    const alarms = Object.values(built.template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThanOrEqual(fixtureManifest.functions.length);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId() }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId() }]);
    }
  });
});
