import { adSetPatchRequest, campaignPatchRequest } from '../../../shared/contracts/ad-object-schemas';
import { AMOUNT_FIELDS, resolveAmounts } from '../../../shared/domain/amounts';
import { patchParams } from '../../../shared/domain/meta-write-params';
import { ad, adSet, campaign, fieldsOf, thrown } from './ad-object-fixtures';

describe('patchParams: campaign', () => {
  it('maps the editable subset, amounts as integer strings', () => {
    const patch = resolveAmounts(
      campaignPatchRequest.parse({
        name: 'Renamed',
        status: 'ACTIVE',
        dailyBudget: { minor: 9000, currency: 'USD' },
        spendCap: 50_000,
        bidStrategy: 'COST_CAP',
      }),
      AMOUNT_FIELDS,
      'USD',
    );
    expect(patchParams('campaign', patch, campaign({ dailyBudget: 5000 }))).toEqual({
      name: 'Renamed',
      status: 'ACTIVE',
      daily_budget: '9000',
      spend_cap: '50000',
      bid_strategy: 'COST_CAP',
    });
  });

  it('changes a yen lifetime budget in whole yen', () => {
    const before = campaign({ currency: 'JPY', lifetimeBudget: 100_000 });
    expect(patchParams('campaign', { lifetimeBudget: 120_000 }, before)).toEqual({
      lifetime_budget: '120000',
    });
  });

  it.each([
    ['daily to lifetime', { lifetimeBudget: 100 }, campaign({ dailyBudget: 50 }), 'lifetimeBudget'],
    ['lifetime to daily', { dailyBudget: 100 }, campaign({ lifetimeBudget: 5000 }), 'dailyBudget'],
    [
      'both budgets',
      { dailyBudget: 100, lifetimeBudget: 100 },
      campaign({ dailyBudget: 50 }),
      'lifetimeBudget',
    ],
    ['a zero budget', { dailyBudget: 0 }, campaign({ dailyBudget: 50 }), 'dailyBudget'],
    ['a budget added over ad set budgets', { dailyBudget: 100 }, campaign(), 'dailyBudget'],
    ['a bid strategy without a campaign budget', { bidStrategy: 'COST_CAP' }, campaign(), 'bidStrategy'],
    ['a field of another level', { bidAmount: 100 }, campaign({ dailyBudget: 50 }), 'bidAmount'],
  ])('refuses %s with a 400 naming the field', (_, patch, before, field) => {
    expect(fieldsOf(thrown(() => patchParams('campaign', patch, before)))).toEqual([field]);
  });

  it.each(['DELETED', 'ARCHIVED'] as const)('refuses any edit of a %s object with 422', (status) => {
    const err = thrown(() => patchParams('campaign', { name: 'x' }, campaign({ status })));
    expect(err.status).toBe(422);
    expect(err.code).toBe('object_not_editable');
  });
});

describe('patchParams: ad set', () => {
  const underCampaignBudget = { campaign: campaign({ dailyBudget: 5000 }) };
  const underAdSetBudgets = { campaign: campaign() };

  it('changes budget, bid and end', () => {
    const before = adSet({
      dailyBudget: 1000,
      bidStrategy: 'COST_CAP',
      bidAmount: 100,
      startTime: '2027-01-01T00:00:00Z',
    });
    const patch = { dailyBudget: 1200, bidAmount: 150, endTime: '2027-03-01T00:00:00Z' };
    expect(patchParams('adset', patch, before, underAdSetBudgets)).toEqual({
      daily_budget: '1200',
      bid_amount: '150',
      end_time: '2027-03-01T00:00:00Z',
    });
  });

  it('sends the whole targeting in Meta’s names and keeps the advantage audience flag', () => {
    const before = adSet({
      targeting: { geo_locations: { countries: ['US'] }, targeting_automation: { advantage_audience: 1 } },
    });
    const patch = resolveAmounts(
      adSetPatchRequest.parse({ targeting: { geoLocations: { countries: ['CA'] }, ageMax: 40 } }),
      AMOUNT_FIELDS,
      'USD',
    );
    expect(patchParams('adset', patch, before).targeting).toEqual({
      geo_locations: { countries: ['CA'] },
      age_max: 40,
      targeting_automation: { advantage_audience: 1 },
    });
  });

  it('writes the flag alone into the targeting it had', () => {
    const params = patchParams('adset', { advantageAudience: true }, adSet());
    expect(params).toEqual({
      targeting: { geo_locations: { countries: ['US'] }, targeting_automation: { advantage_audience: 1 } },
    });
    expect(
      patchParams(
        'adset',
        { targeting: { geoLocations: { countries: ['US'] } }, advantageAudience: false },
        adSet({
          targeting: {
            geo_locations: { countries: ['US'] },
            targeting_automation: { advantage_audience: 1 },
          },
        }),
      ).targeting,
    ).toMatchObject({ targeting_automation: { advantage_audience: 0 } });
  });

  it('refuses the flag alone when the targeting is not known', () => {
    expect(
      fieldsOf(
        thrown(() => patchParams('adset', { advantageAudience: true }, adSet({ targeting: undefined }))),
      ),
    ).toEqual(['advantageAudience']);
  });

  it('brings the account’s DSA defaults when new targeting reaches the EU', () => {
    const params = patchParams('adset', { targeting: { geoLocations: { countries: ['FR'] } } }, adSet(), {
      account: { defaultDsaBeneficiary: 'Acme SAS', defaultDsaPayor: 'Acme SA' },
    });
    expect(params).toMatchObject({ dsa_beneficiary: 'Acme SAS', dsa_payor: 'Acme SA' });
    const withParties = adSet({ dsaBeneficiary: 'Acme', dsaPayor: 'Acme' });
    expect(
      patchParams('adset', { targeting: { geoLocations: { countries: ['FR'] } } }, withParties),
    ).not.toHaveProperty('dsa_payor');
  });

  it('refuses EU targeting the ad set has no DSA parties for', () => {
    const err = thrown(() =>
      patchParams('adset', { targeting: { geoLocations: { countries: ['IT'] } } }, adSet()),
    );
    expect(fieldsOf(err)).toEqual(['targeting']);
    expect((err.details as { message: string }[])[0]?.message).toContain('IT');
  });

  it('infers a campaign budget from an ad set without one when the campaign is not at hand', () => {
    expect(fieldsOf(thrown(() => patchParams('adset', { dailyBudget: 100 }, adSet())))).toEqual([
      'dailyBudget',
    ]);
    expect(patchParams('adset', { dailyBudget: 100 }, adSet({ dailyBudget: 50 }))).toEqual({
      daily_budget: '100',
    });
  });

  it('does not fail a rename on a gap the mirror already had', () => {
    const gappy = adSet({ lifetimeBudget: 1000, bidStrategy: 'COST_CAP' });
    expect(patchParams('adset', { name: 'New' }, gappy, underAdSetBudgets)).toEqual({ name: 'New' });
  });

  it.each([
    ['a budget under a campaign budget', { dailyBudget: 100 }, adSet(), underCampaignBudget, 'dailyBudget'],
    [
      'a bid strategy under a campaign budget',
      { bidStrategy: 'COST_CAP', bidAmount: 1 },
      adSet(),
      underCampaignBudget,
      'bidStrategy',
    ],
    [
      'daily to lifetime',
      { lifetimeBudget: 100, endTime: '2027-03-01T00:00:00Z' },
      adSet({ dailyBudget: 50 }),
      underAdSetBudgets,
      'lifetimeBudget',
    ],
    [
      'lifetime to daily',
      { dailyBudget: 100 },
      adSet({ lifetimeBudget: 5000 }),
      underAdSetBudgets,
      'dailyBudget',
    ],
    [
      'a capped strategy without a bid',
      { bidStrategy: 'LOWEST_COST_WITH_BID_CAP' },
      adSet({ dailyBudget: 50 }),
      underAdSetBudgets,
      'bidAmount',
    ],
    [
      'an end before the start',
      { endTime: '2026-01-01T00:00:00Z' },
      adSet({ dailyBudget: 50, startTime: '2027-01-01T00:00:00Z' }),
      underAdSetBudgets,
      'endTime',
    ],
    [
      'a lifetime budget with no end',
      { lifetimeBudget: 9000 },
      adSet({ lifetimeBudget: 5000 }),
      underAdSetBudgets,
      'endTime',
    ],
    ['a zero bid', { bidAmount: 0 }, adSet({ dailyBudget: 50 }), underAdSetBudgets, 'bidAmount'],
    [
      'a spend cap (campaigns only)',
      { spendCap: 100 },
      adSet({ dailyBudget: 50 }),
      underAdSetBudgets,
      'spendCap',
    ],
  ])('refuses %s with a 400 naming the field', (_, patch, before, ctx, field) => {
    expect(fieldsOf(thrown(() => patchParams('adset', patch, before, ctx)))).toEqual([field]);
  });

  it('accepts a bid for a capped strategy the ad set already had', () => {
    const before = adSet({ dailyBudget: 50, bidStrategy: 'COST_CAP', bidAmount: 10 });
    expect(
      patchParams('adset', { bidStrategy: 'LOWEST_COST_WITH_BID_CAP' }, before, underAdSetBudgets),
    ).toEqual({
      bid_strategy: 'LOWEST_COST_WITH_BID_CAP',
    });
  });
});

describe('patchParams: ad', () => {
  it('changes name, status and creative', () => {
    expect(patchParams('ad', { name: 'B', status: 'PAUSED', creativeId: '401' }, ad())).toEqual({
      name: 'B',
      status: 'PAUSED',
      creative: { creative_id: '401' },
    });
  });

  it('refuses a budget on an ad', () => {
    expect(fieldsOf(thrown(() => patchParams('ad', { dailyBudget: 100 }, ad())))).toEqual(['dailyBudget']);
  });
});
