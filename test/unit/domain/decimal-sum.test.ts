import { divideDecimal, sumDecimals } from '../../../shared/domain/decimal-sum';

describe('sumDecimals', () => {
  it.each([
    [['0.1', '0.2'], 2, '0.30'],
    [['1234.5', '10'], 0, '1244.5'],
    [['10', '2.5'], 2, '12.50'],
    [['0.001', '0.0005'], 0, '0.0015'],
    [['9007199254740993', '1'], 0, '9007199254740994'],
    [[], 2, '0.00'],
    [[], 0, '0'],
  ])('%j at least %i digits → %s', (values, minScale, sum) => {
    expect(sumDecimals(values, minScale)).toBe(sum);
  });

  it('refuses a value that is not a decimal, as a bug (not a 400)', () => {
    expect(() => sumDecimals(['12,5'])).toThrow(RangeError);
    expect(() => sumDecimals(['-1'])).toThrow(RangeError);
  });
});

describe('divideDecimal', () => {
  it.each([
    ['10.10', 4, 2, '2.53'],
    ['1000', 4, 0, '250'],
    ['1000', 3, 0, '333'],
    ['1001.5', 2, 0, '501'],
    ['0.005', 1, 2, '0.01'],
    ['0.004', 1, 2, '0.00'],
  ])('%s ÷ %i at %i digits → %s (half up)', (value, divisor, scale, quotient) => {
    expect(divideDecimal(value, divisor, scale)).toBe(quotient);
  });

  it('refuses a divisor that is not a positive whole number', () => {
    expect(() => divideDecimal('1.00', 0, 2)).toThrow(RangeError);
    expect(() => divideDecimal('1.00', 1.5, 2)).toThrow(RangeError);
  });
});
