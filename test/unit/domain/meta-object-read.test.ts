import { META_FIELDS, managedObjectFromMeta } from '../../../shared/domain/meta-write-params';
import { thrown } from './ad-object-fixtures';

const usd = { adAccountId: 'act_1', currency: 'USD' };

describe('managedObjectFromMeta', () => {
  it('maps a campaign node, budgets from integer strings, "0" meaning none', () => {
    const read = managedObjectFromMeta(
      'campaign',
      {
        id: '100',
        name: 'Spring',
        status: 'ACTIVE',
        configured_status: 'PAUSED',
        effective_status: 'CAMPAIGN_PAUSED',
        objective: 'OUTCOME_SALES',
        special_ad_categories: [],
        daily_budget: '2500',
        lifetime_budget: '0',
        bid_strategy: 'LOWEST_COST_WITHOUT_CAP',
        spend_cap: '922337203685478',
        is_adset_budget_sharing_enabled: false,
        start_time: '2027-01-01T00:00:00+0000',
        stop_time: '2027-02-01T00:00:00+0000',
        advantage_state_info: { advantage_state: 'DISABLED', advantage_budget_state: 'ENABLED' },
        created_time: '2026-12-01T10:00:00+0000',
        updated_time: '2026-12-02T10:00:00+0000',
      },
      usd,
    );
    expect(read).toEqual({
      id: '100',
      level: 'campaign',
      adAccountId: 'act_1',
      currency: 'USD',
      name: 'Spring',
      status: 'PAUSED',
      effectiveStatus: 'CAMPAIGN_PAUSED',
      objective: 'OUTCOME_SALES',
      specialAdCategories: [],
      dailyBudget: 2500,
      bidStrategy: 'LOWEST_COST_WITHOUT_CAP',
      isAdsetBudgetSharingEnabled: false,
      startTime: '2027-01-01T00:00:00+0000',
      endTime: '2027-02-01T00:00:00+0000',
      advantageStateInfo: { advantage_state: 'DISABLED', advantage_budget_state: 'ENABLED' },
      createdAt: '2026-12-01T10:00:00+0000',
      metaUpdatedTime: '2026-12-02T10:00:00+0000',
    });
  });

  it('maps an ad set in yen, a numeric bid included', () => {
    const read = managedObjectFromMeta(
      'adset',
      {
        id: '200',
        name: 'JP',
        status: 'ACTIVE',
        campaign_id: '100',
        lifetime_budget: '500000',
        daily_budget: '0',
        bid_amount: 120,
        spend_cap: '1000',
        billing_event: 'IMPRESSIONS',
        optimization_goal: 'REACH',
        targeting: { geo_locations: { countries: ['JP'] }, targeting_automation: { advantage_audience: 0 } },
        end_time: '2027-02-01T00:00:00+0000',
        promoted_object: { page_id: '5' },
        dsa_beneficiary: 'B',
        dsa_payor: 'P',
      },
      { adAccountId: 'act_2', currency: 'JPY' },
    );
    expect(read).toMatchObject({
      level: 'adset',
      currency: 'JPY',
      campaignId: '100',
      lifetimeBudget: 500_000,
      bidAmount: 120,
      spendCap: 1000,
      endTime: '2027-02-01T00:00:00+0000',
      promotedObject: { page_id: '5' },
      dsaBeneficiary: 'B',
      dsaPayor: 'P',
    });
    expect(read).not.toHaveProperty('dailyBudget');
    expect(read).not.toHaveProperty('adSetId');
  });

  it('maps an ad with its creative and review feedback', () => {
    const read = managedObjectFromMeta(
      'ad',
      {
        id: '300',
        name: 'Ad',
        status: 'ACTIVE',
        effective_status: 'DISAPPROVED',
        campaign_id: '100',
        adset_id: '200',
        creative: { id: '400' },
        ad_review_feedback: { global: { 'Landing page': 'Not functional' } },
      },
      usd,
    );
    expect(read).toMatchObject({
      campaignId: '100',
      adSetId: '200',
      creativeId: '400',
      effectiveStatus: 'DISAPPROVED',
      reviewFeedback: { global: { 'Landing page': 'Not functional' } },
    });
  });

  it.each([
    ['no id', { name: 'x', status: 'ACTIVE' }],
    ['no status', { id: '1', name: 'x' }],
    ['an unknown status', { id: '1', name: 'x', status: 'RUNNING' }],
    ['a non-array category list', { id: '1', name: 'x', status: 'ACTIVE', special_ad_categories: 'NONE' }],
  ])('refuses a node with %s as an unexpected Meta answer', (_, node) => {
    const err = thrown(() => managedObjectFromMeta('campaign', node, usd));
    expect(err.code).toBe('meta_request_rejected');
  });

  it('refuses a budget that is not whole minor units', () => {
    const err = thrown(() =>
      managedObjectFromMeta('campaign', { id: '1', name: 'x', status: 'ACTIVE', daily_budget: '12.5' }, usd),
    );
    expect(err.code).toBe('meta_amount_malformed');
  });
});

describe('META_FIELDS', () => {
  it('asks for what each level maps', () => {
    expect(META_FIELDS.campaign).toEqual(
      expect.arrayContaining(['advantage_state_info', 'is_adset_budget_sharing_enabled', 'stop_time']),
    );
    expect(META_FIELDS.adset).toEqual(
      expect.arrayContaining(['targeting', 'dsa_beneficiary', 'dsa_payor', 'bid_amount']),
    );
    expect(META_FIELDS.ad).toEqual(
      expect.arrayContaining(['creative{id}', 'ad_review_feedback', 'adset_id']),
    );
    for (const fields of Object.values(META_FIELDS)) {
      expect(fields).toEqual(expect.arrayContaining(['id', 'name', 'configured_status', 'effective_status']));
      expect(fields).not.toContain('review_feedback');
    }
  });
});
