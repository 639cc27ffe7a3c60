import { isCalendarDay } from './account-days';
import { oldestInsightsDay } from './insights-pull-plan';

/** A refused field of a refresh range, named as the request body names it. */
export interface RangeProblem {
  field: 'from' | 'to';
  message: string;
}

/**
 * Whether a refresh of `[from, to]` can be asked of Meta, `today` being the ad account's today
 * (DESIGN §5: inclusive, `to` may be today, `from` no older than Meta's 37 months).
 * @example refreshRangeProblem('2026-03-02', '2026-03-01', '2026-12-01') // { field: 'from', … }
 */
export function refreshRangeProblem(from: string, to: string, today: string): RangeProblem | undefined {
  if (!isCalendarDay(from)) return { field: 'from', message: 'must be a real calendar day' };
  if (!isCalendarDay(to)) return { field: 'to', message: 'must be a real calendar day' };
  if (from > to) return { field: 'from', message: `must not be after to (${to})` };
  if (to > today)
    return { field: 'to', message: `must not be after today in the ad account's time zone (${today})` };
  const oldest = oldestInsightsDay(today);
  if (from < oldest)
    return { field: 'from', message: `must not be before ${oldest}: Meta keeps Insights for 37 months` };
  return undefined;
}
