import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { constructId } from './construct-id';

/**
 * The alarms someone must look at: any message in a DLQ (work that failed every retry) and
 * any function error. Alarm actions (paging, chat) are wired per account, outside this app.
 */
export class Alarms extends Construct {
  /** Fires while the DLQ holds at least one message. */
  deadLetterQueue(name: string, dlq: IQueue): Alarm {
    return new Alarm(this, `${constructId(name)}DlqNotEmpty`, {
      alarmDescription: `${name}: messages in the dead-letter queue need a look (and a redrive)`,
      metric: dlq.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /** Fires on any invocation error of the function within five minutes. */
  functionErrors(name: string, fn: IFunction): Alarm {
    return new Alarm(this, `${constructId(name)}Errors`, {
      alarmDescription: `${name}: the function failed (crash, timeout or thrown error)`,
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
