/**
 * Exact arithmetic on Meta's non-negative decimal strings (Insights' `spend`, `action_values`):
 * every value becomes a BigInt at one scale, so no digit is dropped and no float is formed.
 */

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

interface Scaled {
  units: bigint;
  scale: number;
}

/**
 * The sum of decimal strings at the largest scale among them and at least `minScale` digits.
 * Meta may report a value finer than the currency's unit (JPY "1234.5" of conversion value):
 * the sum keeps it rather than refusing stored data.
 * @example sumDecimals(['1234.5', '10'], 0) // '1244.5'
 * @example sumDecimals(['10', '2.5'], 2) // '12.50'
 */
export function sumDecimals(values: readonly string[], minScale = 0): string {
  const parsed = values.map(parseDecimal);
  const scale = Math.max(minScale, ...parsed.map((p) => p.scale));
  let units = 0n;
  for (const value of parsed) units += value.units * 10n ** BigInt(scale - value.scale);
  return formatDecimal({ units, scale });
}

/**
 * `value ÷ divisor` at `scale` digits, rounded half up (cost per conversion in the currency's
 * unit); the divisor a positive whole number.
 * @example divideDecimal('10.10', 4, 2) // '2.53'
 */
export function divideDecimal(value: string, divisor: number, scale: number): string {
  if (!Number.isSafeInteger(divisor) || divisor <= 0)
    throw new RangeError(`not a positive count: ${divisor}`);
  const { units, scale: own } = parseDecimal(value);
  // units / 10^own / divisor, expressed in 10^-scale: (units · 10^scale) / (10^own · divisor).
  const numerator = units * 10n ** BigInt(scale);
  const denominator = 10n ** BigInt(own) * BigInt(divisor);
  return formatDecimal({ units: (2n * numerator + denominator) / (2n * denominator), scale });
}

function parseDecimal(value: string): Scaled {
  const match = DECIMAL.exec(value.trim());
  // Stored amounts were checked when they came in: one that is not a decimal is our bug, not the caller's.
  if (!match) throw new RangeError(`not a decimal amount: ${value}`);
  const [, whole = '0', fraction = ''] = match;
  return { units: BigInt(`${whole}${fraction}`), scale: fraction.length };
}

function formatDecimal({ units, scale }: Scaled): string {
  if (scale === 0) return units.toString();
  const digits = units.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
