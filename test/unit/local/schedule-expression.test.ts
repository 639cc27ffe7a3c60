import {
  nextFireTime,
  parseScheduleExpression,
  ScheduleExpressionError,
} from '../../../infra/local/schedule-expression';

const at = (iso: string) => Date.parse(iso);
const next = (expression: string, afterIso: string) => {
  const t = nextFireTime(parseScheduleExpression(expression), { after: at(afterIso), anchor: 0 });
  return t === undefined ? undefined : new Date(t).toISOString();
};

describe('parseScheduleExpression', () => {
  test.each([
    ['rate(1 minute)', 60_000],
    ['rate(5 minutes)', 300_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(12 hours)', 43_200_000],
    ['rate(1 day)', 86_400_000],
    ['rate(7 days)', 604_800_000],
  ])('%s has a period of %i ms', (expression, periodMs) => {
    expect(parseScheduleExpression(expression)).toEqual({ kind: 'rate', periodMs });
  });

  test.each([
    ['rate(1 minutes)', /singular/],
    ['rate(5 minute)', /plural/],
    ['rate(0 minutes)', /positive/],
    ['rate(1 week)', /minute/],
    ['rate(1.5 hours)', /minute/],
    ['every hour', /rate\(\.\.\.\) or cron/],
    ['cron(0 12 * * *)', /6 fields/],
    ['cron(0 12 * * * *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 12 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['cron(60 12 * * ? *)', /minutes "60": values must be 0–59/],
    ['cron(0 12 L * ? *)', /not supported/],
    ['cron(0 12 15W * ? *)', /not supported/],
    ['cron(0 12 ? * 6#3 *)', /not supported/],
    ['cron(0 12 ? * 6L *)', /not supported/],
    ['cron(0 12 ? * FRI-MON *)', /range start is after its end/],
    ['cron(0/0 * * * ? *)', /step must be a positive integer/],
  ])('%s is refused', (expression, reason) => {
    expect(() => parseScheduleExpression(expression)).toThrow(ScheduleExpressionError);
    expect(() => parseScheduleExpression(expression)).toThrow(reason);
  });
});

describe('nextFireTime', () => {
  test('a rate fires a whole number of periods after its anchor, strictly after now', () => {
    const hourly = parseScheduleExpression('rate(1 hour)');
    const anchor = at('2026-03-01T10:20:00Z');

    expect(nextFireTime(hourly, { after: anchor, anchor })).toBe(at('2026-03-01T11:20:00Z'));
    expect(nextFireTime(hourly, { after: at('2026-03-01T11:20:00Z'), anchor })).toBe(
      at('2026-03-01T12:20:00Z'),
    );
    expect(nextFireTime(hourly, { after: at('2026-03-01T13:00:00Z'), anchor })).toBe(
      at('2026-03-01T13:20:00Z'),
    );
  });

  test.each([
    ['cron(0 12 * * ? *)', '2026-03-01T12:00:00Z', '2026-03-02T12:00:00.000Z'],
    ['cron(0 12 * * ? *)', '2026-03-01T11:59:30Z', '2026-03-01T12:00:00.000Z'],
    ['cron(0/15 * * * ? *)', '2026-03-01T10:07:00Z', '2026-03-01T10:15:00.000Z'],
    ['cron(*/15 * * * ? *)', '2026-03-01T10:45:00Z', '2026-03-01T11:00:00.000Z'],
    ['cron(5,35 * * * ? *)', '2026-03-01T10:06:00Z', '2026-03-01T10:35:00.000Z'],
    ['cron(0 18 ? * MON-FRI *)', '2026-03-06T18:00:00Z', '2026-03-09T18:00:00.000Z'],
    ['cron(0 3 ? * 1 *)', '2026-03-02T00:00:00Z', '2026-03-08T03:00:00.000Z'],
    ['cron(30 2 1 * ? *)', '2026-01-31T00:00:00Z', '2026-02-01T02:30:00.000Z'],
    ['cron(0 0 31 * ? *)', '2026-04-01T00:00:00Z', '2026-05-31T00:00:00.000Z'],
    ['cron(0 0 29 FEB ? *)', '2026-01-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['cron(0 9 1 jan ? 2027-2028)', '2030-01-01T00:00:00Z', undefined],
    ['cron(0 0 30 2 ? *)', '2026-01-01T00:00:00Z', undefined],
    ['cron(0 10-12/2 * * ? *)', '2026-03-01T10:00:00Z', '2026-03-01T12:00:00.000Z'],
  ])('%s after %s is %s', (expression, after, expected) => {
    expect(next(expression, after)).toBe(expected);
  });
});
