import { formatMinorUnits } from '@infra/local/meta-simulator/ad-budget-minimums';
import {
  adEffectiveStatus,
  adSetEffectiveStatus,
  advantageStateInfo,
} from '@infra/local/meta-simulator/ad-effective-status';
import type { AdRecord, AdSetRecord, CampaignRecord } from '@infra/local/meta-simulator/ad-object-records';
import {
  checkAdSetBudgetAndBid,
  checkDsa,
  checkTargeting,
  parseAdCreate,
  parseCampaignCreate,
  targetsEu,
} from '@infra/local/meta-simulator/ad-object-validation';
import { GraphError } from '@infra/local/meta-simulator/graph-error';
import { IdList } from '@infra/local/meta-simulator/id-list';

const USD = { currency: 'USD' };

function subcodeOf(run: () => unknown): number | string | undefined {
  try {
    run();
  } catch (err: unknown) {
    if (err instanceof GraphError) return err.fields.subcode ?? err.fields.message;
    throw err;
  }
  return undefined;
}

const base = { adAccountId: 'act_1', name: 'x', createdMs: 0, updatedMs: 0, labelIds: new IdList() };
const campaign = (extra: Partial<CampaignRecord> = {}): CampaignRecord => ({
  ...base,
  id: 'c',
  status: 'ACTIVE',
  objective: 'OUTCOME_SALES',
  specialAdCategories: [],
  ...extra,
});
const adset = (extra: Partial<AdSetRecord> = {}): AdSetRecord => ({
  ...base,
  id: 's',
  status: 'ACTIVE',
  campaignId: 'c',
  targeting: { geo_locations: { countries: ['US'] } },
  budgetChangesMs: [],
  ...extra,
});
const ad = (extra: Partial<AdRecord> = {}): AdRecord => ({
  ...base,
  id: 'a',
  status: 'ACTIVE',
  adsetId: 's',
  campaignId: 'c',
  creativeId: '1',
  review: { decidedAtMs: 100 },
  ...extra,
});

describe('ad object rules', () => {
  it('campaign create: objective, categories, budget sharing flag, minimum budget, retired fields', () => {
    const form = (fields: Record<string, string>) =>
      new URLSearchParams({ name: 'n', special_ad_categories: '[]', ...fields });
    expect(parseCampaignCreate(form({ objective: 'OUTCOME_SALES', daily_budget: '100' }), USD)).toMatchObject(
      {
        dailyBudget: 100,
        status: 'ACTIVE',
      },
    );
    expect(
      subcodeOf(() =>
        parseCampaignCreate(form({ objective: 'REACH', is_adset_budget_sharing_enabled: 'false' }), USD),
      ),
    ).toMatch(/Param objective must be one of/);
    expect(subcodeOf(() => parseCampaignCreate(form({ objective: 'OUTCOME_SALES' }), USD))).toBe(4834011);
    expect(
      subcodeOf(() => parseCampaignCreate(form({ objective: 'OUTCOME_SALES', daily_budget: '99' }), USD)),
    ).toBe(1885272);
    expect(
      subcodeOf(() => parseCampaignCreate(form({ objective: 'OUTCOME_SALES', daily_budget: '1.5' }), USD)),
    ).toMatch(/non-negative integer/);
    expect(
      subcodeOf(() =>
        parseCampaignCreate(
          form({ objective: 'OUTCOME_SALES', daily_budget: '500', smart_promotion_type: 'X' }),
          USD,
        ),
      ),
    ).toMatch(/no longer supported/);
    expect(
      subcodeOf(() =>
        parseCampaignCreate(new URLSearchParams({ name: 'n', objective: 'OUTCOME_SALES' }), USD),
      ),
    ).toMatch(/special_ad_categories is required/);
  });

  it('ad set budget and bid rules against the campaign', () => {
    expect(subcodeOf(() => checkAdSetBudgetAndBid({ dailyBudget: 500 }, { dailyBudget: 500 }, USD))).toBe(
      1885621,
    );
    expect(subcodeOf(() => checkAdSetBudgetAndBid({}, {}, USD))).toMatch(/Invalid parameter/);
    expect(
      subcodeOf(() => checkAdSetBudgetAndBid({ dailyBudget: 500, bidStrategy: 'COST_CAP' }, {}, USD)),
    ).toBe(2490487);
    expect(
      subcodeOf(() =>
        checkAdSetBudgetAndBid({}, { dailyBudget: 500, bidStrategy: 'LOWEST_COST_WITH_BID_CAP' }, USD),
      ),
    ).toBe(2490487);
    expect(
      subcodeOf(() =>
        checkAdSetBudgetAndBid({ dailyBudget: 500, bidStrategy: 'COST_CAP', bidAmount: 10 }, {}, USD),
      ),
    ).toBeUndefined();
    expect(
      subcodeOf(() => checkAdSetBudgetAndBid({ dailyBudget: 500, lifetimeBudget: 500 }, {}, USD)),
    ).toMatch(/Invalid parameter/);
  });

  it('targeting needs a location; EU targeting needs DSA beneficiary then payor', () => {
    expect(subcodeOf(() => checkTargeting(undefined))).toBe(1885364);
    expect(subcodeOf(() => checkTargeting({ geo_locations: { cities: [] } }))).toBe(1885364);
    expect(checkTargeting({ geo_locations: { regions: [{ key: '1' }] } })).toBeDefined();
    expect(targetsEu({ geo_locations: { countries: ['fr'] } })).toBe(true);
    expect(targetsEu({ geo_locations: { country_groups: ['eu'] } })).toBe(true);
    expect(targetsEu({ geo_locations: { countries: ['CH', 'US'] } })).toBe(false);
    const eu = { geo_locations: { countries: ['DE'] } };
    expect(subcodeOf(() => checkDsa(eu))).toBe(3858081);
    expect(subcodeOf(() => checkDsa(eu, 'B'))).toBe(3858079);
    expect(subcodeOf(() => checkDsa(eu, 'B', 'P'))).toBeUndefined();
  });

  it('an ad needs a creative id', () => {
    expect(
      parseAdCreate(new URLSearchParams({ name: 'a', creative: '{"creative_id":"9"}' })).creativeId,
    ).toBe('9');
    expect(subcodeOf(() => parseAdCreate(new URLSearchParams({ name: 'a' })))).toMatch(
      /creative is required/,
    );
    expect(subcodeOf(() => parseAdCreate(new URLSearchParams({ name: 'a', creative: '{"x":1}' })))).toMatch(
      /creative is required/,
    );
    expect(subcodeOf(() => parseAdCreate(new URLSearchParams({ name: 'a', creative: 'nope' })))).toMatch(
      /valid JSON/,
    );
  });

  it('derives effective status from the object, its parents and the review', () => {
    expect(adSetEffectiveStatus(adset(), campaign({ status: 'PAUSED' }))).toBe('CAMPAIGN_PAUSED');
    expect(adSetEffectiveStatus(adset({ status: 'ARCHIVED' }), campaign({ status: 'DELETED' }))).toBe(
      'DELETED',
    );
    expect(adEffectiveStatus(ad(), adset({ status: 'PAUSED' }), campaign(), 200)).toBe('ADSET_PAUSED');
    expect(adEffectiveStatus(ad(), adset({ status: 'PAUSED' }), campaign({ status: 'PAUSED' }), 200)).toBe(
      'CAMPAIGN_PAUSED',
    );
    expect(adEffectiveStatus(ad({ status: 'PAUSED' }), adset(), campaign({ status: 'PAUSED' }), 200)).toBe(
      'PAUSED',
    );
    expect(adEffectiveStatus(ad(), adset(), campaign(), 50)).toBe('PENDING_REVIEW');
    expect(adEffectiveStatus(ad(), adset(), campaign(), 200)).toBe('ACTIVE');
    const rejected = ad({ review: { decidedAtMs: 0, disapproved: { summary: 's', message: 'm' } } });
    expect(adEffectiveStatus(rejected, adset(), campaign(), 200)).toBe('DISAPPROVED');
    expect(adEffectiveStatus(rejected, adset(), campaign({ status: 'ARCHIVED' }), 200)).toBe('ARCHIVED');
  });

  it('Advantage+ state needs a campaign budget, Advantage+ audience and automatic placements', () => {
    expect(advantageStateInfo(campaign({ dailyBudget: 500 }), [adset()]).advantage_state).toBe(
      'ADVANTAGE_PLUS_SALES',
    );
    expect(advantageStateInfo(campaign(), [adset()]).advantage_state).toBe('DISABLED');
    const manualAudience = adset({
      targeting: { geo_locations: {}, targeting_automation: { advantage_audience: 0 } },
    });
    expect(advantageStateInfo(campaign({ dailyBudget: 500 }), [manualAudience])).toMatchObject({
      advantage_state: 'DISABLED',
      advantage_audience_state: 'DISABLED',
      advantage_budget_state: 'ENABLED',
    });
    const placed = adset({ targeting: { geo_locations: {}, publisher_platforms: ['facebook'] } });
    expect(advantageStateInfo(campaign({ dailyBudget: 500 }), [placed]).advantage_placement_state).toBe(
      'DISABLED',
    );
    expect(
      advantageStateInfo(campaign({ objective: 'OUTCOME_TRAFFIC', dailyBudget: 500 }), []).advantage_state,
    ).toBe('DISABLED');
  });

  it('writes minor units the way Meta names a minimum', () => {
    expect(formatMinorUnits(100, 'USD')).toBe('USD1.00');
    expect(formatMinorUnits(1205, 'EUR')).toBe('EUR12.05');
    expect(formatMinorUnits(150, 'JPY')).toBe('JPY150');
  });
});
