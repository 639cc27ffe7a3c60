/**
 * Calendar days as Meta counts Insights: `YYYY-MM-DD` in the ad account's time zone (its
 * `timezone_name`, an IANA zone). Pure date arithmetic on day strings, no local time zone.
 */

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day `atMs` falls on in `timeZone` (UTC when the zone is unknown to this runtime). */
export function dayInZone(atMs: number, timeZone: string | undefined): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date(atMs));
  try {
    return format(timeZone ?? 'UTC');
  } catch {
    return format('UTC');
  }
}

function dayNumber(day: string): number {
  const match = ISO_DATE.exec(day);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

function dayOfNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Whether `day` is a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isCalendarDay(day: string): boolean {
  return ISO_DATE.test(day) && dayOfNumber(dayNumber(day)) === day;
}

/** `day` moved by `days` (negative goes back). */
export function addDays(day: string, days: number): string {
  return dayOfNumber(dayNumber(day) + days);
}

/** Days from `from` to `to` inclusive (1 for the same day; 0 or less when `from` is after `to`). */
export function daysBetweenInclusive(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

/** Every day from `from` to `to`, inclusive. */
export function daysOf(from: string, to: string): string[] {
  const count = daysBetweenInclusive(from, to);
  return Array.from({ length: Math.max(0, count) }, (_, i) => addDays(from, i));
}

/** The day `months` calendar months before `day` (clamped to the month's end). */
export function monthsBefore(day: string, months: number): string {
  const match = ISO_DATE.exec(day);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
  const total = Number(match[1]) * 12 + (Number(match[2]) - 1) - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const dayOfMonth = Math.min(Number(match[3]), lastDay);
  return dayOfNumber(Date.UTC(year, month, dayOfMonth) / DAY_MS);
}

/** `[from, to]` cut in two halves (the first one the longer); a single day cannot be split. */
export function halvesOf(from: string, to: string): [[string, string], [string, string]] | undefined {
  const count = daysBetweenInclusive(from, to);
  if (count < 2) return undefined;
  const firstLength = Math.ceil(count / 2);
  return [
    [from, addDays(from, firstLength - 1)],
    [addDays(from, firstLength), to],
  ];
}
