/**
 * EventBridge schedule expressions, parsed and evaluated without I/O.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
 */

export interface CronFields {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  /** `any` for `?`: the day is chosen by `daysOfWeek`. */
  daysOfMonth: ReadonlySet<number> | 'any';
  months: ReadonlySet<number>;
  /** 1 = Sunday … 7 = Saturday, as in EventBridge; `any` for `?`. */
  daysOfWeek: ReadonlySet<number> | 'any';
  years: ReadonlySet<number>;
}

export type ScheduleExpression = { kind: 'rate'; periodMs: number } | { kind: 'cron'; fields: CronFields };

/** An expression EventBridge would refuse, or a cron form the local scheduler does not run. */
export class ScheduleExpressionError extends Error {
  constructor(expression: string, reason: string) {
    super(`schedule expression "${expression}": ${reason}`);
    this.name = 'ScheduleExpressionError';
  }
}

const MINUTE_MS = 60_000;
const UNIT_MS: Record<string, number> = { minute: MINUTE_MS, hour: 60 * MINUTE_MS, day: 24 * 60 * MINUTE_MS };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const LAST_YEAR = 2199;

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS = {
  minutes: { label: 'minutes', min: 0, max: 59 },
  hours: { label: 'hours', min: 0, max: 23 },
  daysOfMonth: { label: 'day-of-month', min: 1, max: 31 },
  months: { label: 'month', min: 1, max: 12, names: MONTHS },
  daysOfWeek: { label: 'day-of-week', min: 1, max: 7, names: WEEKDAYS },
  years: { label: 'year', min: 1970, max: LAST_YEAR },
} satisfies Record<keyof CronFields, FieldSpec>;

/**
 * Parses `rate(n unit)` (unit singular for 1, plural otherwise, as EventBridge insists) or
 * a 6-field `cron(min hour day-of-month month day-of-week year)` in UTC with `*`, `?`,
 * lists, ranges, steps and JAN–DEC / SUN–SAT names. `L`, `W` and `#` are refused.
 * @example parseScheduleExpression('rate(1 hour)') // { kind: 'rate', periodMs: 3_600_000 }
 */
export function parseScheduleExpression(expression: string): ScheduleExpression {
  const text = expression.trim();
  const rate = /^rate\((.*)\)$/.exec(text);
  if (rate) return parseRate(expression, rate[1] ?? '');
  const cron = /^cron\((.*)\)$/.exec(text);
  if (cron) return { kind: 'cron', fields: parseCron(expression, cron[1] ?? '') };
  throw new ScheduleExpressionError(expression, 'expected rate(...) or cron(...)');
}

function parseRate(expression: string, body: string): ScheduleExpression {
  const match = /^\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*$/.exec(body);
  if (!match)
    throw new ScheduleExpressionError(
      expression,
      'rate must be "<positive integer> minute(s)|hour(s)|day(s)"',
    );
  const value = Number(match[1]);
  const unit = match[2] ?? '';
  const singular = unit.replace(/s$/, '');
  if (value < 1) throw new ScheduleExpressionError(expression, 'rate value must be positive');
  if ((value === 1) !== (unit === singular))
    throw new ScheduleExpressionError(expression, 'rate unit must be singular for 1 and plural otherwise');
  return { kind: 'rate', periodMs: value * (UNIT_MS[singular] ?? 0) };
}

function parseCron(expression: string, body: string): CronFields {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6) throw new ScheduleExpressionError(expression, 'cron needs 6 fields');
  const [minutes = '', hours = '', daysOfMonth = '', months = '', daysOfWeek = '', years = ''] = parts;
  if ((daysOfMonth === '?') === (daysOfWeek === '?'))
    throw new ScheduleExpressionError(expression, 'exactly one of day-of-month and day-of-week must be ?');
  return {
    minutes: parseField(expression, minutes, FIELDS.minutes),
    hours: parseField(expression, hours, FIELDS.hours),
    daysOfMonth: daysOfMonth === '?' ? 'any' : parseField(expression, daysOfMonth, FIELDS.daysOfMonth),
    months: parseField(expression, months, FIELDS.months),
    daysOfWeek: daysOfWeek === '?' ? 'any' : parseField(expression, daysOfWeek, FIELDS.daysOfWeek),
    years: parseField(expression, years, FIELDS.years),
  };
}

function parseField(expression: string, text: string, spec: FieldSpec): Set<number> {
  const fail = (reason: string) =>
    new ScheduleExpressionError(expression, `${spec.label} "${text}": ${reason}`);
  if (/[LW#]/i.test(text.replace(/[A-Z]{3}/gi, (name) => (isName(name, spec) ? '' : name))))
    throw fail('L, W and # are not supported by the local scheduler');
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw fail('step must be a positive integer');
    let from: number;
    let to: number;
    if (range === '*') {
      from = spec.min;
      to = spec.max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      from = value(a, spec, fail);
      to = value(b, spec, fail);
      if (from > to) throw fail('range start is after its end');
    } else {
      from = value(range, spec, fail);
      // `a/n` means every n-th from a to the end of the field.
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function isName(name: string, spec: FieldSpec): boolean {
  return spec.names?.includes(name.toUpperCase()) === true;
}

function value(text: string, spec: FieldSpec, fail: (reason: string) => Error): number {
  const byName = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const n = byName >= 0 ? byName + 1 : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < spec.min || n > spec.max)
    throw fail(`values must be ${spec.min}–${spec.max}`);
  return n;
}

/**
 * The first fire time strictly after `after` (epoch ms): for a rate, `anchor` plus a whole
 * number of periods; for a cron, the first matching UTC minute. `undefined` when a cron
 * never fires again.
 * @example nextFireTime(parseScheduleExpression('cron(0 12 * * ? *)'), { after: Date.now(), anchor: 0 })
 */
export function nextFireTime(
  schedule: ScheduleExpression,
  { after, anchor }: { after: number; anchor: number },
): number | undefined {
  if (schedule.kind === 'rate') {
    const periods = Math.max(1, Math.floor((after - anchor) / schedule.periodMs) + 1);
    return anchor + periods * schedule.periodMs;
  }
  return nextCronTime(schedule.fields, after);
}

function nextCronTime(fields: CronFields, after: number): number | undefined {
  let t = Math.floor(after / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  // Each step jumps a whole year, month, day, hour or minute; this bounds 230 years of misses.
  for (let step = 0; step < 1_000_000; step += 1) {
    const d = new Date(t);
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth();
    const day = d.getUTCDate();
    const hour = d.getUTCHours();
    if (year > LAST_YEAR) return undefined;
    if (!fields.years.has(year)) t = Date.UTC(year + 1, 0, 1);
    else if (!fields.months.has(month + 1)) t = Date.UTC(year, month + 1, 1);
    else if (!dayMatches(fields, d)) t = Date.UTC(year, month, day + 1);
    else if (!fields.hours.has(hour)) t = Date.UTC(year, month, day, hour + 1);
    else if (!fields.minutes.has(d.getUTCMinutes())) t += MINUTE_MS;
    else return t;
  }
  return undefined;
}

function dayMatches(fields: CronFields, d: Date): boolean {
  if (fields.daysOfMonth !== 'any') return fields.daysOfMonth.has(d.getUTCDate());
  return fields.daysOfWeek === 'any' || fields.daysOfWeek.has(d.getUTCDay() + 1);
}
