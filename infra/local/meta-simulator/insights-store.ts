import type { Restatement } from './insights-metrics';
import type { InsightsRow, InsightsRowQuery } from './insights-rows';
import type { InsightsOptions } from './types';

export const DEFAULT_SYNC_ROW_LIMIT = 20_000;
export const DEFAULT_ASYNC_JOB_MS = 1_500;

/** Options with every default filled in. */
export interface ResolvedInsightsOptions {
  syncRowLimit: number;
  asyncJobMs: number;
  stallAtHundred: number;
  failJobs: number;
  asyncRowLimit?: number;
  pageRowLimit?: number;
  expireCursorsAfterMs?: number;
  invalidCursors: number;
}

export function resolveInsightsOptions(options: InsightsOptions = {}): ResolvedInsightsOptions {
  return {
    syncRowLimit: options.syncRowLimit ?? DEFAULT_SYNC_ROW_LIMIT,
    asyncJobMs: options.asyncJobMs ?? DEFAULT_ASYNC_JOB_MS,
    stallAtHundred: options.stallAtHundred ?? 0,
    failJobs: options.failJobs ?? 0,
    ...(options.asyncRowLimit === undefined ? {} : { asyncRowLimit: options.asyncRowLimit }),
    ...(options.pageRowLimit === undefined ? {} : { pageRowLimit: options.pageRowLimit }),
    ...(options.expireCursorsAfterMs === undefined
      ? {}
      : { expireCursorsAfterMs: options.expireCursorsAfterMs }),
    invalidCursors: options.invalidCursors ?? 0,
  };
}

/** How a report run will end, decided when it starts (the traps apply to the next N jobs). */
export type ReportRunFate = 'complete' | 'stall' | 'fail';

/** An async report run (`AdReportRun`): its query, its rows as of its start, and its fate. */
export interface ReportRunRecord {
  id: string;
  /** `act_…` */
  adAccountId: string;
  query: InsightsRowQuery;
  /** The fields each row renders. */
  fields: readonly string[];
  startedMs: number;
  durationMs: number;
  fate: ReportRunFate;
  /** The rows the run produced (computed at its start: a snapshot). */
  rows: readonly InsightsRow[];
}

/** The Insights state of the simulator: options, restatements per ad account, report runs. */
export class InsightsStore {
  options: ResolvedInsightsOptions = resolveInsightsOptions();
  readonly restatements = new Map<string, Restatement[]>();
  readonly reportRuns = new Map<string, ReportRunRecord>();

  restatementsOf(adAccountId: string): readonly Restatement[] {
    return this.restatements.get(adAccountId) ?? [];
  }

  restate(adAccountId: string, restatement: Omit<Restatement, 'seed'> & { seed?: number }): Restatement {
    const list = this.restatements.get(adAccountId) ?? [];
    const stored = { ...restatement, seed: restatement.seed ?? list.length + 1 };
    list.push(stored);
    this.restatements.set(adAccountId, list);
    return stored;
  }

  /** Whether a page read with a cursor is refused on demand, spending one of the trap's count. */
  spendInvalidCursor(): boolean {
    if (this.options.invalidCursors <= 0) return false;
    this.options.invalidCursors -= 1;
    return true;
  }

  /** The fate of the next job, spending one of the traps' counts (stall before fail). */
  nextFate(rowCount: number): ReportRunFate {
    if (this.options.stallAtHundred > 0) {
      this.options.stallAtHundred -= 1;
      return 'stall';
    }
    if (this.options.failJobs > 0) {
      this.options.failJobs -= 1;
      return 'fail';
    }
    const limit = this.options.asyncRowLimit;
    return limit !== undefined && rowCount > limit ? 'fail' : 'complete';
  }
}
