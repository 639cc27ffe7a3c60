import {
  adCreateRequest,
  adSetCreateRequest,
  campaignCreateRequest,
} from '../../../shared/contracts/ad-object-schemas';
import { AMOUNT_FIELDS, resolveAmounts } from '../../../shared/domain/amounts';
import { projectCreate, projectPatch } from '../../../shared/domain/meta-write-params';
import { adSet, campaign } from './ad-object-fixtures';

const agent = { kind: 'agent' as const, sub: 'agent-1' };

describe('projectCreate', () => {
  it('projects a campaign into the picked ad account, in its currency', () => {
    const body = resolveAmounts(
      campaignCreateRequest.parse({
        name: 'Spring',
        objective: 'OUTCOME_TRAFFIC',
        specialAdCategories: ['NONE'],
        stopTime: '2027-02-01T00:00:00Z',
      }),
      AMOUNT_FIELDS,
      'JPY',
    );
    expect(projectCreate('campaign', body, { adAccountId: 'act_9', currency: 'JPY', actor: agent })).toEqual({
      level: 'campaign',
      adAccountId: 'act_9',
      currency: 'JPY',
      name: 'Spring',
      status: 'PAUSED',
      objective: 'OUTCOME_TRAFFIC',
      specialAdCategories: [],
      isAdsetBudgetSharingEnabled: false,
      endTime: '2027-02-01T00:00:00Z',
      createdBy: agent,
    });
  });

  it('keeps the body’s ad account and the budget', () => {
    const body = resolveAmounts(
      campaignCreateRequest.parse({
        name: 'A',
        objective: 'OUTCOME_SALES',
        specialAdCategories: [],
        adAccountId: 'act_2',
        dailyBudget: { minor: 2500, currency: 'USD' },
      }),
      AMOUNT_FIELDS,
      'USD',
    );
    const projected = projectCreate('campaign', body, { adAccountId: 'act_1', currency: 'USD' });
    expect(projected).toMatchObject({ adAccountId: 'act_2', dailyBudget: 2500 });
    expect(projected).not.toHaveProperty('isAdsetBudgetSharingEnabled');
    expect(projected).not.toHaveProperty('createdBy');
  });

  it('projects an ad set with targeting as sent and the DSA parties filled', () => {
    const body = resolveAmounts(
      adSetCreateRequest.parse({
        campaignId: '100',
        name: 'DE',
        billingEvent: 'IMPRESSIONS',
        optimizationGoal: 'REACH',
        targeting: { geoLocations: { countries: ['DE'] } },
        dailyBudget: 1500,
        promotedObject: { pageId: '5' },
      }),
      AMOUNT_FIELDS,
      'EUR',
    );
    const projected = projectCreate('adset', body, {
      campaign: campaign({ adAccountId: 'act_3', currency: 'EUR' }),
      account: { currency: 'EUR', defaultDsaBeneficiary: 'Acme', defaultDsaPayor: 'Acme Pay' },
    });
    expect(projected).toEqual({
      level: 'adset',
      adAccountId: 'act_3',
      currency: 'EUR',
      name: 'DE',
      status: 'PAUSED',
      campaignId: '100',
      billingEvent: 'IMPRESSIONS',
      optimizationGoal: 'REACH',
      targeting: { geo_locations: { countries: ['DE'] }, targeting_automation: { advantage_audience: 0 } },
      dailyBudget: 1500,
      promotedObject: { page_id: '5' },
      dsaBeneficiary: 'Acme',
      dsaPayor: 'Acme Pay',
    });
  });

  it('projects an ad under its ad set', () => {
    const body = adCreateRequest.parse({ adSetId: '200', name: 'Ad', creativeId: '400', status: 'ACTIVE' });
    expect(projectCreate('ad', body, { adSet: adSet(), actor: agent })).toEqual({
      level: 'ad',
      adAccountId: 'act_1',
      currency: 'USD',
      name: 'Ad',
      status: 'ACTIVE',
      campaignId: '100',
      adSetId: '200',
      creativeId: '400',
      createdBy: agent,
    });
  });
});

describe('projectPatch', () => {
  it('applies the changed fields and keeps the rest', () => {
    const before = campaign({ dailyBudget: 1000 });
    expect(projectPatch(before, { dailyBudget: 1500, name: undefined })).toEqual({
      ...before,
      dailyBudget: 1500,
    });
  });

  it('sets the status of a delete, so the object drops out of the live set', () => {
    expect(projectPatch(adSet({ dailyBudget: 100 }), { status: 'DELETED' }).status).toBe('DELETED');
  });

  it('replaces the targeting whole with the flag written', () => {
    const after = projectPatch(adSet(), {
      targeting: { geoLocations: { countries: ['CA'] } },
      advantageAudience: true,
    });
    expect(after.targeting).toEqual({
      geo_locations: { countries: ['CA'] },
      targeting_automation: { advantage_audience: 1 },
    });
    expect(after).not.toHaveProperty('advantageAudience');
  });

  it('fills the DSA parties from the account when the targeting reaches the EU', () => {
    const after = projectPatch(
      adSet(),
      { targeting: { geoLocations: { countries: ['AT'] } } },
      {
        defaultDsaBeneficiary: 'B',
        defaultDsaPayor: 'P',
      },
    );
    expect(after).toMatchObject({ dsaBeneficiary: 'B', dsaPayor: 'P' });
  });
});
