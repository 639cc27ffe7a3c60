import {
  budgetChangePct,
  currencyOffset,
  formatMoney,
  minorFromMajorDecimal,
  moneyFromMeta,
  moneySchema,
  moneyToMeta,
  requireCurrency,
  sumMoney,
} from '../../../shared/domain/money';
import { AppError } from '../../../shared/platform/errors';

const usd = (minor: number) => ({ minor, currency: 'USD' });

/** The code of the AppError `fn` throws. */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err: unknown) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('money', () => {
  it.each([
    ['USD', 100],
    ['EUR', 100],
    ['GBP', 100],
    ['JPY', 1],
    ['KRW', 1],
    ['CLP', 1],
    ['VND', 1],
    // ISO gives these two decimals; Meta counts them whole.
    ['HUF', 1],
    ['TWD', 1],
    ['IDR', 1],
    // An ISO zero-decimal currency Meta still counts in hundredths.
    ['BHD', 100],
  ])('%s has Meta offset %i', (currency, offset) => {
    expect(currencyOffset(currency)).toBe(offset);
  });

  it.each([
    [{ minor: 2500, currency: 'EUR' }, '€25.00'],
    [{ minor: 5, currency: 'USD' }, '$0.05'],
    [{ minor: 123456789, currency: 'USD' }, '$1,234,567.89'],
    [{ minor: 2500, currency: 'JPY' }, '¥2,500'],
    [{ minor: 1000000, currency: 'KRW' }, '₩1,000,000'],
    [{ minor: 2500, currency: 'HUF' }, 'HUF 2,500'],
  ])('formats %o as %s', (money, text) => {
    expect(formatMoney(money).replace(/\u00a0/g, ' ')).toBe(text);
  });

  it('takes only whole, non-negative minor units with a capital ISO code', () => {
    expect(moneySchema.parse({ minor: 2500, currency: 'USD' })).toEqual(usd(2500));
    for (const bad of [
      { minor: 25.5, currency: 'USD' },
      { minor: -1, currency: 'USD' },
      { minor: 2500, currency: 'usd' },
      { minor: 2500, currency: 'DOLLARS' },
      { minor: '2500', currency: 'USD' },
      { minor: Number.MAX_SAFE_INTEGER + 2, currency: 'USD' },
    ]) {
      expect(moneySchema.safeParse(bad).success).toBe(false);
    }
    const issue = moneySchema.safeParse({ minor: 25.5, currency: 'USD' }).error?.issues[0];
    expect(issue?.path).toEqual(['minor']);
    expect(issue?.message).toMatch(/whole number of minor units/);
  });

  it('reads and writes Meta’s integer strings', () => {
    expect(moneyFromMeta('2500', 'USD')).toEqual(usd(2500));
    expect(moneyFromMeta(2500, 'JPY')).toEqual({ minor: 2500, currency: 'JPY' });
    expect(moneyToMeta(usd(2500))).toBe('2500');
    expect(codeOf(() => moneyFromMeta('25.00', 'USD'))).toBe('meta_amount_malformed');
    expect(codeOf(() => moneyFromMeta('-5', 'USD'))).toBe('meta_amount_malformed');
  });

  it('turns Insights’ decimal strings into minor units without a float', () => {
    expect(minorFromMajorDecimal('12.34', 'USD')).toBe(1234);
    expect(minorFromMajorDecimal('0.1', 'USD')).toBe(10);
    expect(minorFromMajorDecimal('7', 'USD')).toBe(700);
    expect(minorFromMajorDecimal('12.340000', 'EUR')).toBe(1234);
    expect(minorFromMajorDecimal('1234', 'JPY')).toBe(1234);
    expect(minorFromMajorDecimal('1234.00', 'JPY')).toBe(1234);
    // 0.1 + 0.2 in floats is 0.30000000000000004; here each is exact.
    expect(minorFromMajorDecimal('0.1', 'USD') + minorFromMajorDecimal('0.2', 'USD')).toBe(30);
    expect(codeOf(() => minorFromMajorDecimal('12.345', 'USD'))).toBe('invalid_amount');
    expect(codeOf(() => minorFromMajorDecimal('1234.5', 'JPY'))).toBe('invalid_amount');
    expect(codeOf(() => minorFromMajorDecimal('1e3', 'USD'))).toBe('invalid_amount');
    expect(codeOf(() => minorFromMajorDecimal('-1', 'USD'))).toBe('invalid_amount');
    expect(codeOf(() => minorFromMajorDecimal('99999999999999999', 'USD'))).toBe('invalid_amount');
  });

  it('refuses an amount in another currency than the account’s, naming the field', () => {
    expect(requireCurrency(usd(100), 'USD', 'dailyBudget')).toEqual(usd(100));
    try {
      requireCurrency({ minor: 100, currency: 'EUR' }, 'USD', 'dailyBudget');
      throw new Error('expected a refusal');
    } catch (err: unknown) {
      expect(err).toMatchObject({
        status: 422,
        code: 'currency_mismatch',
        details: { field: 'dailyBudget', given: 'EUR', expected: 'USD' },
      });
    }
  });

  it('adds amounts of one currency and refuses a mix', () => {
    expect(sumMoney([usd(1000), usd(2500), usd(1)], 'USD')).toEqual(usd(3501));
    expect(sumMoney([], 'JPY')).toEqual({ minor: 0, currency: 'JPY' });
    expect(codeOf(() => sumMoney([usd(1000), { minor: 1000, currency: 'JPY' }], 'USD'))).toBe(
      'currency_mismatch',
    );
    expect(codeOf(() => sumMoney([usd(Number.MAX_SAFE_INTEGER), usd(10)], 'USD'))).toBe('amount_too_large');
  });

  it.each([
    [1000, 1250, 25],
    [1000, 750, 25],
    [1000, 1000, 0],
    [1000, 1001, 1],
    [3, 4, 34],
    [1001, 2002, 100],
    [0, 0, 0],
    [0, 100, Number.POSITIVE_INFINITY],
  ])('a budget change from %i to %i is %s %', (before, after, pct) => {
    expect(budgetChangePct(usd(before), usd(after))).toBe(pct);
  });
});
