import {
  adCreateRequest,
  adSetCreateRequest,
  campaignCreateRequest,
} from '../../../shared/contracts/ad-object-schemas';
import { AMOUNT_FIELDS, resolveAmounts } from '../../../shared/domain/amounts';
import {
  adCreateParams,
  adSetCreateParams,
  campaignCreateParams,
  statusParams,
} from '../../../shared/domain/meta-write-params';
import { adSet, campaign, fieldsOf, thrown } from './ad-object-fixtures';

const usdAccount = { currency: 'USD' };

function campaignBody(input: Record<string, unknown>, currency = 'USD') {
  const body = campaignCreateRequest.parse({
    name: 'Spring',
    objective: 'OUTCOME_SALES',
    specialAdCategories: [],
    ...input,
  });
  return resolveAmounts(body, AMOUNT_FIELDS, currency);
}

function adSetBody(input: Record<string, unknown>, currency = 'USD') {
  const body = adSetCreateRequest.parse({
    campaignId: '100',
    name: 'Spring US',
    billingEvent: 'IMPRESSIONS',
    optimizationGoal: 'REACH',
    targeting: { geoLocations: { countries: ['US'] } },
    ...input,
  });
  return resolveAmounts(body, AMOUNT_FIELDS, currency);
}

describe('campaignCreateParams', () => {
  it('maps a campaign with a daily budget to Meta’s fields', () => {
    const params = campaignCreateParams(
      campaignBody({
        name: '  Spring  sale ',
        dailyBudget: { minor: 2500, currency: 'USD' },
        bidStrategy: 'COST_CAP',
      }),
      {},
    );
    expect(params).toEqual({
      name: 'Spring  sale',
      objective: 'OUTCOME_SALES',
      special_ad_categories: [],
      status: 'PAUSED',
      daily_budget: '2500',
      bid_strategy: 'COST_CAP',
    });
  });

  it('keeps the name exactly as written (inner spaces, case, emoji)', () => {
    expect(
      campaignCreateParams(campaignBody({ name: 'Été 2026 🌞 — Test', dailyBudget: 100 }), {}).name,
    ).toBe('Été 2026 🌞 — Test');
  });

  it('sends yen budgets as whole integer strings', () => {
    const params = campaignCreateParams(
      campaignBody({ lifetimeBudget: { minor: 500_000, currency: 'JPY' }, spendCap: 1_000_000 }, 'JPY'),
      {},
    );
    expect(params.lifetime_budget).toBe('500000');
    expect(params.spend_cap).toBe('1000000');
  });

  it('without a campaign budget writes is_adset_budget_sharing_enabled=false (Meta v24+)', () => {
    const params = campaignCreateParams(campaignBody({}), {});
    expect(params.is_adset_budget_sharing_enabled).toBe(false);
    expect(
      campaignCreateParams(campaignBody({ adSetBudgetSharing: true }), {}).is_adset_budget_sharing_enabled,
    ).toBe(true);
    expect(campaignCreateParams(campaignBody({ dailyBudget: 100 }), {})).not.toHaveProperty(
      'is_adset_budget_sharing_enabled',
    );
  });

  it('turns NONE into the empty list and keeps real categories', () => {
    expect(
      campaignCreateParams(campaignBody({ specialAdCategories: ['NONE'] }), {}).special_ad_categories,
    ).toEqual([]);
    expect(
      campaignCreateParams(campaignBody({ specialAdCategories: ['HOUSING', 'CREDIT'] }), {})
        .special_ad_categories,
    ).toEqual(['HOUSING', 'CREDIT']);
  });

  it('tags the object with the marker label and passes the schedule and status', () => {
    const params = campaignCreateParams(
      campaignBody({ status: 'ACTIVE', startTime: '2027-01-01T00:00:00Z', stopTime: '2027-02-01T00:00:00Z' }),
      { marker: 'mab-0123456789abcdef' },
    );
    expect(params.adlabels).toEqual([{ name: 'mab-0123456789abcdef' }]);
    expect(params).toMatchObject({
      status: 'ACTIVE',
      start_time: '2027-01-01T00:00:00Z',
      stop_time: '2027-02-01T00:00:00Z',
    });
  });

  it('never sends smart_promotion_type or an undefined entry', () => {
    const params = campaignCreateParams(campaignBody({ dailyBudget: 100 }), {});
    expect(params).not.toHaveProperty('smart_promotion_type');
    expect(Object.values(params)).not.toContain(undefined);
    expect(params).not.toHaveProperty('adlabels');
  });

  it.each([
    ['both budgets', { dailyBudget: 100, lifetimeBudget: 1000 }, 'lifetimeBudget'],
    ['a zero daily budget', { dailyBudget: 0 }, 'dailyBudget'],
    ['a zero spend cap', { dailyBudget: 100, spendCap: 0 }, 'spendCap'],
    ['NONE with a category', { specialAdCategories: ['NONE', 'HOUSING'] }, 'specialAdCategories'],
    [
      'budget sharing with a campaign budget',
      { dailyBudget: 100, adSetBudgetSharing: false },
      'adSetBudgetSharing',
    ],
    ['a bid strategy without a campaign budget', { bidStrategy: 'COST_CAP' }, 'bidStrategy'],
    [
      'a stop before the start',
      { startTime: '2027-02-01T00:00:00Z', stopTime: '2027-01-01T00:00:00Z' },
      'stopTime',
    ],
  ])('refuses %s with a 400 naming the field', (_, input, field) => {
    const err = thrown(() => campaignCreateParams(campaignBody(input), {}));
    expect(fieldsOf(err)).toEqual([field]);
  });
});

describe('adSetCreateParams', () => {
  const noBudgetCampaign = campaign();

  it('maps an ad set under a campaign without a budget', () => {
    const params = adSetCreateParams(
      adSetBody({
        dailyBudget: { minor: 1500, currency: 'USD' },
        bidStrategy: 'LOWEST_COST_WITH_BID_CAP',
        bidAmount: 250,
        startTime: '2027-01-01T00:00:00Z',
        promotedObject: { pixelId: '77', customEventType: 'PURCHASE' },
      }),
      { campaign: noBudgetCampaign, account: usdAccount, marker: 'mab-1' },
    );
    expect(params).toEqual({
      campaign_id: '100',
      name: 'Spring US',
      billing_event: 'IMPRESSIONS',
      optimization_goal: 'REACH',
      targeting: { geo_locations: { countries: ['US'] }, targeting_automation: { advantage_audience: 0 } },
      daily_budget: '1500',
      bid_strategy: 'LOWEST_COST_WITH_BID_CAP',
      bid_amount: '250',
      start_time: '2027-01-01T00:00:00Z',
      promoted_object: { pixel_id: '77', custom_event_type: 'PURCHASE' },
      status: 'PAUSED',
      adlabels: [{ name: 'mab-1' }],
    });
  });

  it('writes targeting in Meta’s names at every depth, advantage audience explicit', () => {
    const params = adSetCreateParams(
      adSetBody({
        dailyBudget: 100,
        advantageAudience: true,
        targeting: {
          geoLocations: {
            customLocations: [{ latitude: 1, longitude: 2, radius: 10, distanceUnit: 'kilometer' }],
            locationTypes: ['home'],
          },
          ageMin: 25,
          flexibleSpec: [{ interests: [{ id: '6003', name: 'Running' }] }],
        },
      }),
      { campaign: noBudgetCampaign, account: usdAccount },
    );
    expect(params.targeting).toEqual({
      geo_locations: {
        custom_locations: [{ latitude: 1, longitude: 2, radius: 10, distance_unit: 'kilometer' }],
        location_types: ['home'],
      },
      age_min: 25,
      flexible_spec: [{ interests: [{ id: '6003', name: 'Running' }] }],
      targeting_automation: { advantage_audience: 1 },
    });
  });

  it('takes the targeting’s own advantage audience flag when the body has none, snake or camel', () => {
    const body = adSetBody({
      dailyBudget: 100,
      targeting: { geo_locations: { countries: ['US'] }, targeting_automation: { advantage_audience: 1 } },
    });
    const params = adSetCreateParams(body, { campaign: noBudgetCampaign, account: usdAccount });
    expect(params.targeting).toMatchObject({ targeting_automation: { advantage_audience: 1 } });
  });

  it('sends no budget or bid strategy under a campaign budget', () => {
    const params = adSetCreateParams(adSetBody({}), {
      campaign: campaign({ dailyBudget: 5000, bidStrategy: 'LOWEST_COST_WITHOUT_CAP' }),
      account: usdAccount,
    });
    expect(params).not.toHaveProperty('daily_budget');
    expect(params).not.toHaveProperty('bid_strategy');
  });

  it('needs a bid amount for the campaign’s capped strategy too', () => {
    const capped = campaign({ dailyBudget: 5000, bidStrategy: 'COST_CAP' });
    const err = thrown(() => adSetCreateParams(adSetBody({}), { campaign: capped, account: usdAccount }));
    expect(fieldsOf(err)).toEqual(['bidAmount']);
    expect(
      adSetCreateParams(adSetBody({ bidAmount: 300 }), { campaign: capped, account: usdAccount }).bid_amount,
    ).toBe('300');
  });

  it('says why an ad set under a campaign budget cannot have one', () => {
    const err = thrown(() =>
      adSetCreateParams(adSetBody({ lifetimeBudget: 100 }), {
        campaign: campaign({ dailyBudget: 1 }),
        account: usdAccount,
      }),
    );
    expect(err.details).toEqual([
      {
        in: 'body',
        path: 'lifetimeBudget',
        message: 'the campaign has a budget (campaign budget); its ad sets cannot have one',
      },
    ]);
  });

  it.each([
    ['no budget under a campaign without one', {}, noBudgetCampaign, 'dailyBudget'],
    [
      'a budget under a campaign budget',
      { dailyBudget: 100 },
      campaign({ lifetimeBudget: 10_000 }),
      'dailyBudget',
    ],
    ['both budgets', { dailyBudget: 100, lifetimeBudget: 100 }, noBudgetCampaign, 'lifetimeBudget'],
    ['a zero budget', { dailyBudget: 0 }, noBudgetCampaign, 'dailyBudget'],
    ['a zero bid', { dailyBudget: 100, bidAmount: 0 }, noBudgetCampaign, 'bidAmount'],
    [
      'a bid strategy under a campaign budget',
      { bidStrategy: 'COST_CAP', bidAmount: 1 },
      campaign({ dailyBudget: 1 }),
      'bidStrategy',
    ],
    [
      'a bid cap without a bid amount',
      { dailyBudget: 100, bidStrategy: 'LOWEST_COST_WITH_BID_CAP' },
      noBudgetCampaign,
      'bidAmount',
    ],
    [
      'a cost cap without a bid amount',
      { dailyBudget: 100, bidStrategy: 'COST_CAP' },
      noBudgetCampaign,
      'bidAmount',
    ],
    [
      'an end before the start',
      { dailyBudget: 100, startTime: '2027-01-02T00:00:00Z', endTime: '2027-01-01T00:00:00Z' },
      noBudgetCampaign,
      'endTime',
    ],
    [
      'an end equal to the start',
      { dailyBudget: 100, startTime: '2027-01-02T00:00:00Z', endTime: '2027-01-02T00:00:00Z' },
      noBudgetCampaign,
      'endTime',
    ],
    ['a lifetime budget without an end', { lifetimeBudget: 10_000 }, noBudgetCampaign, 'endTime'],
    [
      'a lifetime budget under a campaign that shares daily budgets',
      { lifetimeBudget: 10_000, endTime: '2027-01-02T00:00:00Z' },
      campaign({ isAdsetBudgetSharingEnabled: true }),
      'lifetimeBudget',
    ],
    ['a deleted campaign', { dailyBudget: 100 }, campaign({ status: 'DELETED' }), 'campaignId'],
    ['an archived campaign', { dailyBudget: 100 }, campaign({ status: 'ARCHIVED' }), 'campaignId'],
  ])('refuses %s with a 400 naming the field', (_, input, parent, field) => {
    const err = thrown(() => adSetCreateParams(adSetBody(input), { campaign: parent, account: usdAccount }));
    expect(fieldsOf(err)).toEqual([field]);
  });

  it('accepts a lifetime budget with an end', () => {
    const params = adSetCreateParams(adSetBody({ lifetimeBudget: 10_000, endTime: '2027-01-02T00:00:00Z' }), {
      campaign: noBudgetCampaign,
      account: usdAccount,
    });
    expect(params).toMatchObject({ lifetime_budget: '10000', end_time: '2027-01-02T00:00:00Z' });
  });

  describe('EU targeting (Digital Services Act)', () => {
    const eu = { dailyBudget: 100, targeting: { geoLocations: { countries: ['US', 'DE', 'NO'] } } };

    it('sends the body’s beneficiary and payor', () => {
      const params = adSetCreateParams(
        adSetBody({ ...eu, dsaBeneficiary: 'Acme GmbH', dsaPayor: 'Acme AG' }),
        {
          campaign: noBudgetCampaign,
          account: { currency: 'USD', defaultDsaBeneficiary: 'Default', defaultDsaPayor: 'Default' },
        },
      );
      expect(params).toMatchObject({ dsa_beneficiary: 'Acme GmbH', dsa_payor: 'Acme AG' });
    });

    it('fills them from the ad account’s defaults', () => {
      const params = adSetCreateParams(adSetBody({ ...eu, dsaPayor: 'Acme AG' }), {
        campaign: noBudgetCampaign,
        account: { currency: 'USD', defaultDsaBeneficiary: 'Acme GmbH' },
      });
      expect(params).toMatchObject({ dsa_beneficiary: 'Acme GmbH', dsa_payor: 'Acme AG' });
    });

    it('refuses EU targeting without them, naming both fields and the countries', () => {
      const err = thrown(() =>
        adSetCreateParams(adSetBody(eu), { campaign: noBudgetCampaign, account: usdAccount }),
      );
      expect(fieldsOf(err)).toEqual(['dsaBeneficiary', 'dsaPayor']);
      expect((err.details as { message: string }[])[0]?.message).toContain('DE, NO');
    });

    it('refuses the one that is missing', () => {
      const err = thrown(() =>
        adSetCreateParams(adSetBody({ ...eu, dsaBeneficiary: 'Acme' }), {
          campaign: noBudgetCampaign,
          account: usdAccount,
        }),
      );
      expect(fieldsOf(err)).toEqual(['dsaPayor']);
    });

    it('asks nothing for targeting outside the EU/EEA (CH, GB, US)', () => {
      const body = adSetBody({
        dailyBudget: 100,
        targeting: { geoLocations: { countries: ['CH', 'GB', 'US'] } },
      });
      const params = adSetCreateParams(body, { campaign: noBudgetCampaign, account: usdAccount });
      expect(params).not.toHaveProperty('dsa_beneficiary');
    });
  });
});

describe('adCreateParams', () => {
  it('maps an ad with its creative by id', () => {
    const body = adCreateRequest.parse({ adSetId: '200', name: 'Ad 1', creativeId: '400' });
    expect(adCreateParams(body, { adSet: adSet(), marker: 'mab-2' })).toEqual({
      adset_id: '200',
      name: 'Ad 1',
      creative: { creative_id: '400' },
      status: 'PAUSED',
      adlabels: [{ name: 'mab-2' }],
    });
  });

  it('refuses an ad under a deleted ad set', () => {
    const body = adCreateRequest.parse({ adSetId: '200', name: 'Ad 1', creativeId: '400', status: 'ACTIVE' });
    expect(fieldsOf(thrown(() => adCreateParams(body, { adSet: adSet({ status: 'DELETED' }) })))).toEqual([
      'adSetId',
    ]);
  });
});

describe('statusParams', () => {
  it.each(['PAUSED', 'ACTIVE', 'DELETED'] as const)('sets status %s', (status) => {
    expect(statusParams(status)).toEqual({ status });
  });
});
