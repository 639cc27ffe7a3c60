import { addDays, dayInZone } from './account-days';
import type { SpendCaps } from './controls';
import type { DailyMetricRow } from './daily-metrics';
import { minorFromMajorDecimal, sumMoney } from './money';
import type { CapRule } from './spend-caps';

/**
 * Measured spend against the caps of `/controls` (DESIGN §5 "Insights row"): what the spend
 * guard decides, as pure functions. Spend arrives as Meta's decimal strings in major units
 * and is compared in whole minor units, exactly (money.ts; never a float).
 */

/** A cap that a day's (or a campaign's lifetime) measured spend passed. */
export interface SpendBreach {
  capKind: CapRule;
  adAccountId: string;
  /** The campaign a campaign cap concerns; absent for the ad account's cap. */
  campaignId?: string;
  /** The day whose numbers showed it, in the ad account's time zone (`YYYY-MM-DD`). */
  date: string;
  /** Whole minor units of `currency`. */
  cap: number;
  /** Whole minor units of `currency`: the day's spend, or the campaign's lifetime spend. */
  spend: number;
  currency: string;
}

/**
 * The given days the guard acts on: today and yesterday in the ad account's zone (today's
 * running total included). A restated day weeks ago changes the record, but pausing a
 * campaign today for what it spent then would punish a day that is over: it pauses nothing.
 * Yesterday stays in because its last hours are only final after midnight.
 * @example guardedDays(['2026-12-01', '2026-11-01'], Date.parse('2026-12-01T12:00:00Z'), 'UTC') // ['2026-12-01']
 */
export function guardedDays(dates: readonly string[], nowMs: number, timeZone: string | undefined): string[] {
  const today = dayInZone(nowMs, timeZone);
  const recent = new Set([today, addDays(today, -1)]);
  return [...new Set(dates)].filter((date) => recent.has(date)).sort();
}

export interface SpendBreachInput {
  caps: SpendCaps;
  adAccountId: string;
  /** The ad account's currency: caps are counted in its minor unit. */
  currency: string;
  /** The guarded days (see guardedDays). */
  days: readonly string[];
  /** The account's campaign-level rows of those days. */
  dayRows: readonly DailyMetricRow[];
  /**
   * Every stored campaign-level row of the campaigns to check for `campaignLifetime` (their
   * lifetime spend); only read when that cap is set.
   */
  lifetimeRows?: readonly DailyMetricRow[];
}

/**
 * Every cap the measured spend passes (strictly above it, as a mutation's sum must be):
 * the ad account's day spend (the sum of its campaign rows that day) against
 * `adAccountDaily[act]`, each campaign's day spend against `campaignDaily`, and each campaign
 * with spend on a guarded day, its lifetime spend (all its stored rows) against
 * `campaignLifetime`, dated the latest guarded day it spent on.
 */
export function spendBreaches(input: SpendBreachInput): SpendBreach[] {
  const { caps, adAccountId, currency } = input;
  const days = new Set(input.days);
  const dayRows = input.dayRows.filter((row) => row.level === 'campaign' && days.has(row.date));
  const breaches: SpendBreach[] = [];
  const base = { adAccountId, currency };

  const accountCap = caps.adAccountDaily?.[adAccountId];
  for (const date of [...days].sort()) {
    const ofDay = dayRows.filter((row) => row.date === date);
    if (accountCap !== undefined) {
      const spend = spendOf(ofDay, currency);
      if (spend > accountCap)
        breaches.push({ capKind: 'adAccountDaily', ...base, date, cap: accountCap, spend });
    }
    if (caps.campaignDaily !== undefined) {
      for (const [campaignId, rows] of byCampaign(ofDay)) {
        const spend = spendOf(rows, currency);
        if (spend > caps.campaignDaily) {
          breaches.push({
            capKind: 'campaignDaily',
            ...base,
            campaignId,
            date,
            cap: caps.campaignDaily,
            spend,
          });
        }
      }
    }
  }

  const lifetimeCap = caps.campaignLifetime;
  if (lifetimeCap !== undefined) {
    const lifetime = byCampaign((input.lifetimeRows ?? []).filter((row) => row.level === 'campaign'));
    // A lifetime stays passed: it is dated the latest guarded day (today when guarded), not the
    // campaign's latest row, which Meta may not have reported for today yet.
    const date = [...input.days].sort().at(-1);
    for (const [campaignId, rows] of byCampaign(dayRows)) {
      const spend = spendOf(lifetime.get(campaignId) ?? rows, currency);
      if (date !== undefined && spend > lifetimeCap) {
        breaches.push({ capKind: 'campaignLifetime', ...base, campaignId, date, cap: lifetimeCap, spend });
      }
    }
  }
  return breaches;
}

/** The campaigns whose lifetime the guard must read: those with spend on a guarded day. */
export function campaignsSpendingOn(dayRows: readonly DailyMetricRow[]): string[] {
  return [...byCampaign(dayRows.filter((row) => row.level === 'campaign')).keys()];
}

/**
 * The id of a breach's notification: one per (cap kind, ad account, campaign, date), so the
 * guard notifies it once however often the pull repeats.
 */
export function breachNotificationId(breach: SpendBreach): string {
  return `spend_cap:${breach.capKind}:${breach.adAccountId}:${breach.campaignId ?? 'account'}:${breach.date}`;
}

/**
 * The Idempotency-Key of the guard's pause of a campaign for a breach: the pause reaches Meta
 * and the audit trail once however often the guard runs for that day.
 */
export function guardPauseKey(capKind: CapRule, campaignId: string, date: string): string {
  return `spend-guard:${capKind}:${campaignId}:${date}`;
}

/** Whole minor units spent by these rows, summed exactly; a row in another currency is refused. */
function spendOf(rows: readonly DailyMetricRow[], currency: string): number {
  return sumMoney(
    rows.map((row) => ({ minor: minorFromMajorDecimal(row.spend, row.currency), currency: row.currency })),
    currency,
  ).minor;
}

function byCampaign(rows: readonly DailyMetricRow[]): Map<string, DailyMetricRow[]> {
  const groups = new Map<string, DailyMetricRow[]>();
  for (const row of rows) groups.set(row.campaignId, [...(groups.get(row.campaignId) ?? []), row]);
  return groups;
}
