/**
 * Smallest daily budget per currency, in minor units. Meta publishes no table (it answers
 * `GET /act_{id}/minimum_budgets` and refuses lower budgets with "Budget Is Too Low"); these are
 * round numbers near US$1 so tests can hit the limit on purpose.
 */
const MINIMUM_DAILY_BUDGET: Record<string, number> = {
  USD: 100,
  EUR: 100,
  GBP: 100,
  BRL: 500,
  JPY: 150,
  KRW: 1400,
};
const DEFAULT_MINIMUM = 100;

/** Currencies without minor units (Meta's offset 1): budgets are whole yen, won… */
const OFFSET_ONE = new Set(['JPY', 'KRW', 'CLP', 'COP', 'CRC', 'HUF', 'ISK', 'IDR', 'PYG', 'TWD', 'VND']);

export function minimumDailyBudget(currency: string): number {
  return MINIMUM_DAILY_BUDGET[currency] ?? DEFAULT_MINIMUM;
}

export function currencyOffset(currency: string): 1 | 100 {
  return OFFSET_ONE.has(currency) ? 1 : 100;
}

/** `USD1.00`, `JPY150`: how Meta's budget message writes an amount. */
export function formatMinorUnits(amount: number, currency: string): string {
  if (currencyOffset(currency) === 1) return `${currency}${amount}`;
  const major = Math.floor(amount / 100);
  const minor = String(amount % 100).padStart(2, '0');
  return `${currency}${major}.${minor}`;
}
