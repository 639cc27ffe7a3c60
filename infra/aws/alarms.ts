import { CfnCondition, CfnParameter, Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnSubscription, Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { constructId } from './construct-id';

/** The deploy parameter naming who hears about alarms (`cdk deploy --parameters AlarmEmail=…`). */
export const ALARM_EMAIL_PARAMETER = 'AlarmEmail';

/**
 * The alarms someone must look at: any message in a DLQ (work that failed every retry) and
 * any function error. Each one notifies the stack's alarm topic when it fires and when it
 * clears; the topic mails the address given as the `AlarmEmail` deploy parameter (none
 * given: the topic has no subscriber, and other subscriptions, chat or paging, can be added
 * to it outside this app).
 */
export class Alarms extends Construct {
  readonly topic: Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Meta Ads backend alarms',
      enforceSSL: true,
    });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names and metric values, no tenant data or secret; CloudWatch ' +
        'cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer key would ' +
        'only protect alarm names.',
    });
    const email = new CfnParameter(Stack.of(this), ALARM_EMAIL_PARAMETER, {
      type: 'String',
      default: '',
      allowedPattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
      constraintDescription: 'must be an e-mail address, or empty for no subscription',
      description: 'Who receives the alarm e-mails (DLQ not empty, function errors); empty: nobody yet',
    });
    const hasEmail = new CfnCondition(this, 'HasAlarmEmail', {
      expression: Fn.conditionNot(Fn.conditionEquals(email.valueAsString, '')),
    });
    const subscription = new CfnSubscription(this, 'EmailSubscription', {
      topicArn: this.topic.topicArn,
      protocol: 'email',
      endpoint: email.valueAsString,
    });
    subscription.cfnOptions.condition = hasEmail;
    this.action = new SnsAction(this.topic);
  }

  /** Fires while the DLQ holds at least one message. */
  deadLetterQueue(name: string, dlq: IQueue): Alarm {
    return this.notifying(
      new Alarm(this, `${constructId(name)}DlqNotEmpty`, {
        alarmDescription: `${name}: messages in the dead-letter queue need a look (and a redrive)`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /** Fires on any invocation error of the function within five minutes. */
  functionErrors(name: string, fn: IFunction): Alarm {
    return this.notifying(
      new Alarm(this, `${constructId(name)}Errors`, {
        alarmDescription: `${name}: the function failed (crash, timeout or thrown error)`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  private notifying(alarm: Alarm): Alarm {
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }
}
