/**
 * Out-of-order safety for the mirror. Every state write carries an `order` string that sorts
 * like (event time, change key): a write lands only when its order is greater than the stored
 * one. Meta's entry time has one-second resolution, so two different changes can share it;
 * the change key breaks the tie the same way whatever the arrival order, so every replica of
 * the mirror converges. The same change replayed has the same order and is recognised as
 * already applied rather than as stale.
 */

export type OrderDecision = 'apply' | 'already_applied' | 'stale';

/** Wide enough for epoch milliseconds until the year 33658, so strings compare like numbers. */
const TIME_DIGITS = 15;

export function eventOrder(eventTimeMs: number, changeKey: string): string {
  return `${Math.max(0, Math.trunc(eventTimeMs)).toString().padStart(TIME_DIGITS, '0')}#${changeKey}`;
}

/** What to do with an incoming write given the order stored for the same record. */
export function orderDecision(stored: string | undefined, incoming: string): OrderDecision {
  if (stored === undefined || stored < incoming) return 'apply';
  return stored === incoming ? 'already_applied' : 'stale';
}

/** Meta's entry `time` is epoch seconds for ad-account topics; some topics send milliseconds. */
export function entryTimeMs(time: number): number {
  return time >= 1e11 ? Math.trunc(time) : Math.trunc(time * 1000);
}
