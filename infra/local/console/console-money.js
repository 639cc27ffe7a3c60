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

/**
 * Meta's decimal string in major units ("1234.5", "-0.07"; Insights money) as a person reads
 * it ("$1,234.50", "-$0.07", "¥2,500"), digit for digit: the whole part goes through Intl as a
 * BigInt and the fraction is Meta's own digits (padded to the currency's), so no float is
 * formed. Anything that is not such a string is shown as given.
 */
export function formatDecimal(decimal, currency) {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(decimal ?? ''));
  if (!match || !currency) return decimal === undefined ? '—' : String(decimal);
  const [, sign, whole, fraction = ''] = match;
  const digits = currencyOffset(currency) === 100 ? 2 : 0;
  const formatter = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  const parts = formatter.formatToParts(BigInt(whole));
  const shownFraction = fraction.padEnd(digits, '0');
  const lastInteger = parts.map((part) => part.type).lastIndexOf('integer');
  const text = parts
    .map((part, index) => {
      if (part.type === 'fraction') return shownFraction;
      // A whole-unit currency with non-zero digits after the point: keep them, never round.
      if (index === lastInteger && digits === 0 && /[1-9]/.test(fraction)) return `${part.value}.${fraction}`;
      return part.value;
    })
    .join('');
  const isZero = !/[1-9]/.test(whole + fraction);
  return sign && !isZero ? `-${text}` : text;
}

/**
 * The exact sum of decimal strings ("12.34" + "0.5" → "12.84"), as BigInts scaled to the
 * longest fraction: a total of Meta's amounts that never passes through a float.
 */
export function sumDecimals(decimals) {
  const parsed = decimals.map((decimal) => /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(decimal)));
  if (parsed.some((match) => !match)) return undefined;
  const scale = Math.max(0, ...parsed.map((match) => (match[3] ?? '').length));
  let total = 0n;
  for (const [, sign, whole, fraction = ''] of parsed) {
    const units = BigInt(`${whole}${fraction.padEnd(scale, '0')}`);
    total += sign ? -units : units;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}
