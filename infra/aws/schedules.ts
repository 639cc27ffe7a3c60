import { Stack } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { ScheduleTrigger } from '../manifest';
import { constructId } from './construct-id';
import type { ManifestFunction } from './manifest-function';

/** How often EventBridge retries delivering to the function before giving up. */
const DELIVERY_RETRIES = 2;

/**
 * EventBridge rules for `schedule` triggers. The function receives the standard Scheduled
 * Event (the local scheduler sends the same shape); a failing run is retried by the async
 * invoke and then lands in the function's async DLQ. Each rule is named `<stack>-<trigger name>`,
 * as the local scheduler names its rules `<trigger name>`: a function with several schedules
 * tells which one fired from the rule ARN in the event (shared/platform/schedule.ts).
 */
export class Schedules extends Construct {
  add(fn: ManifestFunction, trigger: ScheduleTrigger): Rule {
    return new Rule(this, constructId(trigger.name), {
      ruleName: `${Stack.of(this).stackName}-${trigger.name}`,
      description: `${trigger.name}: ${trigger.expression} → ${fn.spec.name}`,
      schedule: Schedule.expression(trigger.expression),
      targets: [new LambdaFunction(fn.fn, { retryAttempts: DELIVERY_RETRIES })],
    });
  }
}
