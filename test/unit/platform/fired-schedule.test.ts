import type { ScheduledEvent } from 'aws-lambda';
import { firedSchedule } from '../../../shared/platform/schedule';

const eventOf = (rule: string) =>
  ({ resources: [`arn:aws:events:eu-west-1:123456789012:rule/${rule}`] }) as ScheduledEvent;
const names = ['insights-hourly', 'insights-daily'] as const;

describe('firedSchedule', () => {
  it('names the trigger from the rule: `<stack>-<name>` in AWS, `<name>` locally', () => {
    expect(firedSchedule(eventOf('MetaAds-prod-insights-daily'), names)).toBe('insights-daily');
    expect(firedSchedule(eventOf('insights-hourly'), names)).toBe('insights-hourly');
  });

  it('names nothing for another rule or an event without one', () => {
    expect(firedSchedule(eventOf('MetaAds-prod-token-refresh'), names)).toBeUndefined();
    expect(firedSchedule(eventOf('insights-hourly-extra'), names)).toBeUndefined();
    expect(firedSchedule({} as ScheduledEvent, names)).toBeUndefined();
  });
});
