import { isCalendarDay } from './account-days';
import { type FieldIssue, fieldErrorIn } from './field-error';

/**
 * A `from`–`to` range of Insights days must name real calendar days (the schema checks only
 * the `YYYY-MM-DD` shape: 2026-02-30 passes it) with `from` not after `to`; otherwise a 400
 * naming the field.
 * @example checkDayRange({ from: '2026-11-01', to: '2026-11-30' }, 'query')
 */
export function checkDayRange(range: { from: string; to: string }, where: FieldIssue['in']): void {
  const wrong = (['from', 'to'] as const).filter((field) => !isCalendarDay(range[field]));
  const [first, ...rest] = wrong.map((field): [string, string] => [field, 'must be a real calendar day']);
  if (first) throw fieldErrorIn(where, ...first, ...rest);
  if (range.from > range.to) throw fieldErrorIn(where, 'from', 'must not be after to');
}
