import * as z from 'zod';
import { UnprocessableError, ValidationError } from '../platform/errors';

/**
 * Money as Meta's write path takes it: a whole number of the ad account currency's minor unit,
 * with that currency attached. Never a float: budgets, bids and caps are compared and sent as
 * integers, and every amount says what it is counted in (an agent once set a budget 100× too
 * high by reading cents as dollars).
 */
export interface Money {
  /** Whole minor units: cents for USD (`2500` = $25.00), yen for JPY (`2500` = ¥2,500). */
  minor: number;
  /** ISO 4217 code, upper case: the ad account's currency. */
  currency: string;
}

/**
 * Currencies Meta counts in whole major units (offset 1): Marketing API "Currency codes"
 * table, https://developers.facebook.com/docs/marketing-api/currencies. Every other currency an
 * ad account can have has offset 100, even where ISO 4217 says otherwise (HUF, TWD and IDR
 * have two ISO decimals; Meta counts them whole).
 */
const WHOLE_UNIT_CURRENCIES: ReadonlySet<string> = new Set([
  'CLP',
  'COP',
  'CRC',
  'HUF',
  'IDR',
  'ISK',
  'JPY',
  'KRW',
  'PYG',
  'TWD',
  'VND',
]);

const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, e.g. USD');

/** The wire shape of an amount (`{"minor": 2500, "currency": "USD"}`), for request schemas. */
export const moneySchema = z
  .object({
    minor: z
      .number()
      .int('must be a whole number of minor units (cents for USD), not a decimal')
      .nonnegative()
      .max(Number.MAX_SAFE_INTEGER),
    currency: currencyCode,
  })
  .meta({
    id: 'Money',
    description: "An amount in the ad account currency's minor unit (USD 2500 = $25.00; JPY 2500 = ¥2,500)",
  });

/** How many minor units make one major unit at Meta: 1 or 100. */
export function currencyOffset(currency: string): 1 | 100 {
  return WHOLE_UNIT_CURRENCIES.has(currency) ? 1 : 100;
}

/**
 * An amount from Meta's write-path fields (`daily_budget`, `bid_amount`, `spend_cap`: integer
 * strings of minor units). Throws when Meta's value is not a whole number.
 * @example moneyFromMeta('2500', 'USD') // { minor: 2500, currency: 'USD' }
 */
export function moneyFromMeta(value: string | number, currency: string): Money {
  const text = String(value).trim();
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UnprocessableError(`Meta gave an amount that is not whole minor units: ${text}`, {
      code: 'meta_amount_malformed',
    });
  }
  return { minor: Number(text), currency };
}

/** The value Meta's write path takes: the integer of minor units, as a string. */
export function moneyToMeta(money: Money): string {
  return String(money.minor);
}

/**
 * A decimal string of major units (Insights' `spend`, "12.34") as minor units, exactly: no
 * float is ever formed. Digits beyond the currency's offset must be zeros.
 * @example minorFromMajorDecimal('12.34', 'USD') // 1234
 */
export function minorFromMajorDecimal(decimal: string, currency: string): number {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) throw new ValidationError(`Not a decimal amount: ${decimal}`, { code: 'invalid_amount' });
  const [, whole = '0', fraction = ''] = match;
  const digits = currencyOffset(currency) === 100 ? 2 : 0;
  if (/[1-9]/.test(fraction.slice(digits))) {
    throw new ValidationError(`${decimal} ${currency} is finer than ${currency}'s smallest unit at Meta`, {
      code: 'invalid_amount',
    });
  }
  const minor = Number(`${whole}${fraction.slice(0, digits).padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(minor)) {
    throw new ValidationError(`${decimal} ${currency} is too large`, { code: 'invalid_amount' });
  }
  return minor;
}

/**
 * The amount as a person reads it, in the account currency ("€25.00", "¥2,500"): Meta's
 * offset decides the decimals, so an amount never reads 100× off.
 * @example formatMoney({ minor: 2500, currency: 'EUR' }) // '€25.00'
 */
export function formatMoney(money: Money, locale = 'en-US'): string {
  const offset = currencyOffset(money.currency);
  const digits = offset === 100 ? 2 : 0;
  const whole = Math.trunc(money.minor / offset);
  const cents = Math.abs(money.minor % offset);
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // The major part is formatted from integers, so no binary fraction can creep in.
  return formatter
    .formatToParts(whole)
    .map((part) => (part.type === 'fraction' ? String(cents).padStart(digits, '0') : part.value))
    .join('');
}

/** Refuses an amount in another currency than the ad account's, before any other check. */
export function requireCurrency(money: Money, accountCurrency: string, field: string): Money {
  if (money.currency !== accountCurrency) {
    throw new UnprocessableError(
      `${field} is in ${money.currency}, but the ad account counts in ${accountCurrency}.`,
      { code: 'currency_mismatch', details: { field, given: money.currency, expected: accountCurrency } },
    );
  }
  return money;
}

/** The sum of amounts in one currency; refuses a mix (adding yen to cents is the 100× bug). */
export function sumMoney(amounts: readonly Money[], currency: string): Money {
  let minor = 0;
  for (const amount of amounts) minor += requireCurrency(amount, currency, 'amount').minor;
  if (!Number.isSafeInteger(minor)) {
    throw new UnprocessableError('The amounts add up past what can be counted exactly.', {
      code: 'amount_too_large',
    });
  }
  return { minor, currency };
}

/**
 * How far `after` moves from `before`, in whole percent rounded up (a change of 10.01 % counts as
 * 11), computed on integers. A change from zero is unbounded (`Infinity`).
 * @example budgetChangePct({ minor: 1000, currency: 'USD' }, { minor: 1250, currency: 'USD' }) // 25
 */
export function budgetChangePct(before: Money, after: Money): number {
  requireCurrency(after, before.currency, 'budget');
  const delta = Math.abs(after.minor - before.minor);
  if (delta === 0) return 0;
  if (before.minor === 0) return Number.POSITIVE_INFINITY;
  const scaled = delta * 100;
  const whole = Math.floor(scaled / before.minor);
  // Rounded up on integers: a float quotient just under a whole number must not round down.
  return whole * before.minor < scaled ? whole + 1 : whole;
}

/**
 * Whole minor units as a decimal string of major units, the way Meta writes Insights money
 * (`"12.34"` USD, `"2500"` JPY): built from integers, so no float is ever formed.
 * @example majorDecimalFromMinor(1234, 'USD') // '12.34'
 */
export function majorDecimalFromMinor(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not a whole number of minor units: ${minor}`);
  const offset = currencyOffset(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (offset === 1) return `${sign}${abs}`;
  return `${sign}${Math.floor(abs / offset)}.${String(abs % offset).padStart(2, '0')}`;
}
