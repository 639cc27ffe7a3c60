import { AMOUNT_FIELDS, amountView, resolveAmounts } from '../../../shared/domain/amounts';
import { adSet, campaign, thrown } from './ad-object-fixtures';

describe('resolveAmounts', () => {
  it('turns {minor, currency} and bare integers into whole minor units', () => {
    const body = { name: 'A', dailyBudget: { minor: 2500, currency: 'USD' }, bidAmount: 120 };
    expect(resolveAmounts(body, AMOUNT_FIELDS, 'USD')).toEqual({
      name: 'A',
      dailyBudget: 2500,
      bidAmount: 120,
    });
  });

  it('keeps yen whole (JPY has no minor digits at Meta)', () => {
    const resolved = resolveAmounts(
      { lifetimeBudget: { minor: 50_000, currency: 'JPY' } },
      AMOUNT_FIELDS,
      'JPY',
    );
    expect(resolved.lifetimeBudget).toBe(50_000);
    expect(Number.isInteger(resolved.lifetimeBudget)).toBe(true);
  });

  it('leaves fields it is not told about and absent amounts alone', () => {
    const body = { spendCap: { minor: 1, currency: 'EUR' }, dailyBudget: undefined };
    expect(resolveAmounts(body, ['dailyBudget'], 'USD')).toEqual(body);
  });

  it('refuses another currency than the account’s with 422 currency_mismatch naming the field', () => {
    const err = thrown(() =>
      resolveAmounts({ spendCap: { minor: 2500, currency: 'EUR' } }, AMOUNT_FIELDS, 'USD'),
    );
    expect(err.status).toBe(422);
    expect(err.code).toBe('currency_mismatch');
    expect(err.details).toEqual({ field: 'spendCap', given: 'EUR', expected: 'USD' });
  });

  it('checks the currency before any other check', () => {
    const body = { dailyBudget: 12.5, bidAmount: { minor: 100, currency: 'JPY' } };
    expect(thrown(() => resolveAmounts(body, AMOUNT_FIELDS, 'USD')).code).toBe('currency_mismatch');
  });

  it.each([
    ['a decimal', 12.5],
    ['a negative amount', -1],
    ['an unsafe integer', 2 ** 53],
    ['a string', '2500'],
  ])('refuses %s with a 400 naming the field', (_, value) => {
    const err = thrown(() => resolveAmounts({ dailyBudget: value }, AMOUNT_FIELDS, 'USD'));
    expect(err.status).toBe(400);
    expect(err.details).toEqual([{ in: 'body', path: 'dailyBudget', message: expect.any(String) }]);
  });

  it('refuses a decimal inside {minor, currency}', () => {
    const err = thrown(() =>
      resolveAmounts({ bidAmount: { minor: 1.5, currency: 'USD' } }, AMOUNT_FIELDS, 'USD'),
    );
    expect(err.details).toEqual([{ in: 'body', path: 'bidAmount', message: expect.any(String) }]);
  });
});

describe('amountView', () => {
  it('formats each amount in the account currency', () => {
    const view = amountView(campaign({ dailyBudget: 2500, spendCap: 1_000_000 }));
    expect(view).toEqual({
      dailyBudget: { minor: 2500, currency: 'USD', formatted: '$25.00' },
      spendCap: { minor: 1_000_000, currency: 'USD', formatted: '$10,000.00' },
    });
  });

  it('reads yen whole and covers bids and lifetime budgets', () => {
    const view = amountView(adSet({ currency: 'JPY', lifetimeBudget: 50_000, bidAmount: 120 }));
    expect(view.lifetimeBudget?.formatted).toBe('¥50,000');
    expect(view.bidAmount).toEqual({ minor: 120, currency: 'JPY', formatted: '¥120' });
  });

  it('is empty for an object without amounts', () => {
    expect(amountView(campaign())).toEqual({});
  });
});
