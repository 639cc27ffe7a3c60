import { snakeKey, snakeKeysDeep } from '../../../shared/domain/meta-graph-params';
import {
  advantageAudienceOf,
  EU_EEA_COUNTRIES,
  euCountriesOf,
  targetingParam,
} from '../../../shared/domain/meta-targeting';

describe('Meta targeting', () => {
  it('spells camelCase keys in Meta’s snake_case at every depth, values untouched', () => {
    expect(snakeKey('geoLocations')).toBe('geo_locations');
    expect(snakeKey('age_min')).toBe('age_min');
    expect(snakeKeysDeep({ customLocations: [{ distanceUnit: 'mile', name: 'camelValue' }] })).toEqual({
      custom_locations: [{ distance_unit: 'mile', name: 'camelValue' }],
    });
  });

  it('writes advantage_audience explicitly, keeping other automation keys', () => {
    expect(targetingParam({ geoLocations: { countries: ['US'] } }, undefined)).toEqual({
      geo_locations: { countries: ['US'] },
      targeting_automation: { advantage_audience: 0 },
    });
    const spec = targetingParam(
      { targetingAutomation: { advantageAudience: 1, individualSetting: { age: 1 } } },
      false,
    );
    expect(spec.targeting_automation).toEqual({ advantage_audience: 0, individual_setting: { age: 1 } });
    expect(advantageAudienceOf(targetingParam({}, true))).toBe(true);
    expect(advantageAudienceOf(undefined)).toBe(false);
  });

  it('lists the EU and EEA countries a spec names', () => {
    expect(EU_EEA_COUNTRIES.size).toBe(30);
    expect(euCountriesOf({ geo_locations: { countries: ['US', 'GR', 'IS', 'CH', 'GB', 'LI'] } })).toEqual([
      'GR',
      'IS',
      'LI',
    ]);
    expect(euCountriesOf({ geo_locations: { regions: [{ key: '1' }] } })).toEqual([]);
    expect(euCountriesOf(undefined)).toEqual([]);
  });
});
