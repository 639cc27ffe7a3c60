import { snakeKeysDeep } from './meta-graph-params';

/**
 * Members of the EU and the wider EEA, by the ISO codes Meta's `geo_locations.countries`
 * takes (Greece is GR). Ads delivered there fall under the Digital Services Act, so Meta
 * requires `dsa_beneficiary` and `dsa_payor` on the ad set (subcodes 3858081 / 3858079).
 */
export const EU_EEA_COUNTRIES: ReadonlySet<string> = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  // EEA, outside the EU
  'IS',
  'LI',
  'NO',
]);

/** Meta's targeting spec (snake_case) from the body's (camelCase, as the schema hands it over). */
export type MetaTargeting = Record<string, unknown>;

/**
 * The targeting Meta is sent: keys in Meta's snake_case at every depth, and
 * `targeting_automation.advantage_audience` always written (1 only when the marketer opted in):
 * since v23 Meta defaults it to 1 and widens the audience the marketer chose.
 */
export function targetingParam(
  targeting: Record<string, unknown>,
  advantageAudience: boolean | undefined,
): MetaTargeting {
  const spec = snakeKeysDeep(targeting) as MetaTargeting;
  const automation = asRecord(spec.targeting_automation);
  const optedIn = advantageAudience ?? automation.advantage_audience === 1;
  return { ...spec, targeting_automation: { ...automation, advantage_audience: optedIn ? 1 : 0 } };
}

/** Whether a stored (snake_case) targeting spec has Advantage+ audience on. */
export function advantageAudienceOf(targeting: MetaTargeting | undefined): boolean {
  return asRecord(targeting?.targeting_automation).advantage_audience === 1;
}

/** The EU/EEA countries a snake_case targeting spec names, in its order. */
export function euCountriesOf(targeting: MetaTargeting | undefined): string[] {
  const countries = asRecord(targeting?.geo_locations).countries;
  if (!Array.isArray(countries)) return [];
  return countries.filter((code): code is string => typeof code === 'string' && EU_EEA_COUNTRIES.has(code));
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
