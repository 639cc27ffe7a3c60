// Money in the console: the marketer types major units ("25.50"), the API takes whole minor
// units of the ad account's currency (2550 for USD, 25 for JPY). Strings to integers only:
// no float is ever formed, so an amount never reads 100× off.

/**
 * Currencies Meta counts in whole major units (offset 1). A copy of WHOLE_UNIT_CURRENCIES in
 * shared/domain/money.ts (the console is plain browser JS and cannot import it); the browser
 * test checks the two agree. Every other currency has offset 100.
 */
export const WHOLE_UNIT_CURRENCIES = [
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
];

/** How many minor units make one major unit at Meta: 1 or 100. */
export function currencyOffset(currency) {
  return WHOLE_UNIT_CURRENCIES.includes(currency) ? 1 : 100;
}

/** Thrown for an amount the marketer typed that is not one. */
export class AmountError extends Error {}

/**
 * "25.50" major units → 2550 minor units (USD); "2500" → 2500 (JPY). Refuses signs, letters,
 * digit-group commas ("1,000" could be read either way) and digits finer than the currency's
 * smallest unit at Meta.
 */
export function majorToMinor(text, currency) {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(String(text).trim());
  if (!match) throw new AmountError(`"${text}" is not an amount (use digits, e.g. 25.50)`);
  const [, whole, fraction = ''] = match;
  const digits = currencyOffset(currency) === 100 ? 2 : 0;
  if (/[1-9]/.test(fraction.slice(digits))) {
    throw new AmountError(
      digits === 0
        ? `${currency} has no decimals at Meta: type whole ${currency}`
        : `${currency} has at most ${digits} decimals`,
    );
  }
  const minor = Number(`${whole}${fraction.slice(0, digits).padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(minor)) throw new AmountError(`"${text}" is too large`);
  return minor;
}

/** 2550 minor units → "25.50" (USD), 2500 → "2500" (JPY): what an edit form shows. */
export function minorToMajor(minor, currency) {
  if (currencyOffset(currency) === 1) return String(minor);
  const cents = String(Math.abs(minor) % 100).padStart(2, '0');
  return `${minor < 0 ? '-' : ''}${Math.trunc(Math.abs(minor) / 100)}.${cents}`;
}

/**
 * Minor units as a person reads them ("$25.00", "¥2,500"), as formatMoney in
 * shared/domain/money.ts does it: for amounts the API gave without `formatted`.
 */
export function formatMinor(minor, currency) {
  const offset = currencyOffset(currency);
  const digits = offset === 100 ? 2 : 0;
  const formatter = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  const cents = String(Math.abs(minor % offset)).padStart(digits, '0');
  return formatter
    .formatToParts(Math.trunc(minor / offset))
    .map((part) => (part.type === 'fraction' ? cents : part.value))
    .join('');
}

/** An amount from an answer, readable: `{formatted}`, `{minor, currency}` or bare minor units. */
export function readableAmount(value, currency) {
  if (value && typeof value === 'object') {
    if (typeof value.formatted === 'string') return value.formatted;
    if (Number.isInteger(value.minor)) return formatMinor(value.minor, value.currency ?? currency);
  }
  if (Number.isInteger(value) && currency) return formatMinor(value, currency);
  return value === undefined ? '—' : String(value);
}
