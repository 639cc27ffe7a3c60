import { currencyOffset } from '../../../shared/domain/money';
import type { AttributionWindow } from './insights-attribution';
import { seededRandom } from './seeded-random';

/**
 * What one ad measured on one day, generated from (ad id, date) alone so every read, the
 * ground truth and any later simulator agree. Money is integer minor units of the account
 * currency here; rendering turns it into Meta's decimal strings.
 */
export interface AdDayMetrics {
  impressions: number;
  clicks: number;
  spendMinor: number;
  landingPageViews: number;
  purchases: Record<AttributionWindow, number>;
  purchaseValueMinor: Record<AttributionWindow, number>;
}

/** A restated range of an ad account: purchases on those days are recounted with `seed`. */
export interface Restatement {
  from: string;
  to: string;
  seed: number;
}

/** FNV-1a: a stable 32-bit seed from text. */
export function textSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function between(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/**
 * Late conversions a restatement adds: at least one more purchase in every click window (so a
 * restated day reads differently under any attribution setting), never fewer than before, and
 * the 1-day click count never above the 7-day one.
 */
function restatedExtra(adId: string, date: string, seed: number): Record<AttributionWindow, number> {
  const random = seededRandom(textSeed(`${adId}|${date}|restated|${seed}`));
  const oneDayClick = between(random, 1, 2);
  return {
    '1d_click': oneDayClick,
    '7d_click': oneDayClick + between(random, 0, 2),
    '1d_view': between(random, 0, 1),
  };
}

/**
 * The metrics of `adId` on `date`: impressions, clicks and spend never change; purchases and
 * their value grow with each restatement covering the date.
 */
export function adDayMetrics(
  adId: string,
  date: string,
  currency: string,
  restatements: readonly Restatement[] = [],
): AdDayMetrics {
  const random = seededRandom(textSeed(`${adId}|${date}`));
  const impressions = between(random, 200, 5_000);
  const clicks = Math.floor((impressions * between(random, 5, 35)) / 1_000);
  // About 0.5–2 major units per 100 impressions (cents for USD, yen ×1.5 for whole-unit currencies).
  const perHundredMinor =
    currencyOffset(currency) === 100 ? between(random, 50, 200) : between(random, 75, 300);
  const spendMinor = Math.floor((impressions * perHundredMinor) / 100);
  const landingPageViews = Math.floor((clicks * between(random, 40, 90)) / 100);
  const oneDayClick = Math.floor((clicks * between(random, 0, 60)) / 1_000);
  const purchases: Record<AttributionWindow, number> = {
    '1d_click': oneDayClick,
    '7d_click': oneDayClick + Math.floor((clicks * between(random, 0, 30)) / 1_000),
    '1d_view': Math.floor((impressions * between(random, 0, 4)) / 10_000),
  };
  for (const restatement of restatements) {
    if (date < restatement.from || date > restatement.to) continue;
    const extra = restatedExtra(adId, date, restatement.seed);
    for (const window of Object.keys(purchases) as AttributionWindow[]) purchases[window] += extra[window];
  }
  // One order value per ad-day keeps value proportional to purchases in every window.
  const orderValueMinor =
    currencyOffset(currency) === 100 ? between(random, 1_500, 9_000) : between(random, 2_000, 12_000);
  const purchaseValueMinor = {
    '1d_click': purchases['1d_click'] * orderValueMinor,
    '7d_click': purchases['7d_click'] * orderValueMinor,
    '1d_view': purchases['1d_view'] * orderValueMinor,
  };
  return { impressions, clicks, spendMinor, landingPageViews, purchases, purchaseValueMinor };
}

/**
 * Minor units as Meta writes Insights money: a decimal string of major units with two decimals
 * (`"12.30"`), a whole number for whole-unit currencies (`"1234"`), and `"0"` for nothing.
 */
export function metaDecimal(minor: number, currency: string): string {
  if (minor === 0) return '0';
  if (currencyOffset(currency) === 1) return String(minor);
  const whole = Math.floor(minor / 100);
  const cents = minor % 100;
  return `${whole}.${String(cents).padStart(2, '0')}`;
}
