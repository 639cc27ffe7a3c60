import { fieldError } from './field-error';
import type { ManagedObject } from './managed-object';
import { formatMoney, type Money, requireCurrency } from './money';

/** The money fields of the request bodies and of a managed object: whole minor units. */
export const AMOUNT_FIELDS = ['dailyBudget', 'lifetimeBudget', 'bidAmount', 'spendCap'] as const;
export type AmountField = (typeof AMOUNT_FIELDS)[number];

/** `body` with each of `F`'s amounts as bare whole minor units. */
export type ResolvedAmounts<T, F extends string> = {
  [K in keyof T]: K extends F ? Exclude<T[K], Money> : T[K];
};

/**
 * Each amount field of `body` (a bare integer or `{minor, currency}`) as a whole number of the
 * ad account's minor unit. Every `{minor, currency}` is checked against the account's currency
 * first, before any other check (422 `currency_mismatch` naming the field: dollars read as yen
 * is the 100× bug); then each amount must be a safe, non-negative integer (400 naming the field).
 * @example resolveAmounts({ dailyBudget: { minor: 2500, currency: 'USD' } }, AMOUNT_FIELDS, 'USD')
 * // { dailyBudget: 2500 }
 */
export function resolveAmounts<T extends object, const F extends string>(
  body: T,
  fields: readonly F[],
  accountCurrency: string,
): ResolvedAmounts<T, F> {
  const values = body as Record<string, unknown>;
  for (const field of fields) {
    const value = values[field];
    if (isMoney(value)) requireCurrency(value, accountCurrency, field);
  }
  const resolved: Record<string, unknown> = { ...values };
  for (const field of fields) {
    const value = values[field];
    if (value === undefined) continue;
    const minor = isMoney(value) ? value.minor : value;
    if (typeof minor !== 'number' || !Number.isSafeInteger(minor) || minor < 0) {
      throw fieldError(field, 'must be a whole, non-negative number of minor units (cents for USD)');
    }
    resolved[field] = minor;
  }
  return resolved as ResolvedAmounts<T, F>;
}

function isMoney(value: unknown): value is Money {
  return typeof value === 'object' && value !== null && 'minor' in value && 'currency' in value;
}

/** An amount as answered: minor units, the currency, and how a person reads it. */
export interface AmountView {
  minor: number;
  currency: string;
  formatted: string;
}

/**
 * The object's amounts as a person and an agent read them, in its account's currency
 * (`{dailyBudget: {minor: 2500, currency: 'USD', formatted: '$25.00'}}`); absent fields are left out.
 */
export function amountView(object: ManagedObject): Record<string, AmountView> {
  const view: Record<string, AmountView> = {};
  for (const field of AMOUNT_FIELDS) {
    const minor = object[field];
    if (minor === undefined) continue;
    const money = { minor, currency: object.currency };
    view[field] = { ...money, formatted: formatMoney(money) };
  }
  return view;
}
