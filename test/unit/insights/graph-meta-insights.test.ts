import {
  insightsParams,
  insightsRowSchema,
  levelOfRow,
  projectInsightsRow,
  reportRunStatusOf,
} from '../../../shared/insights/graph-meta-insights';
import { MetaRequestError } from '../../../shared/platform/errors';

const row = (over: Record<string, unknown>) =>
  insightsRowSchema.parse({
    campaign_id: 'c1',
    adset_id: 's1',
    adset_name: 'Prospecting',
    date_start: '2026-11-30',
    date_stop: '2026-11-30',
    spend: '12.3',
    impressions: '1200',
    clicks: '31',
    account_currency: 'USD',
    ...over,
  });

describe('projectInsightsRow', () => {
  it('keeps money as Meta wrote it and counts as integers', () => {
    const projected = projectInsightsRow('adset', row({}));
    expect(projected).toEqual({
      level: 'adset',
      entityId: 's1',
      entityName: 'Prospecting',
      campaignId: 'c1',
      adSetId: 's1',
      date: '2026-11-30',
      spend: '12.3',
      impressions: 1200,
      clicks: 31,
      conversions: 0,
      conversionValue: '0',
      currency: 'USD',
    });
  });

  it('takes conversions from the first present purchase type: omni_purchase, purchase, pixel purchase', () => {
    const actions = [
      { action_type: 'link_click', value: '31' },
      { action_type: 'offsite_conversion.fb_pixel_purchase', value: '4' },
      { action_type: 'purchase', value: '3' },
    ];
    const values = [{ action_type: 'offsite_conversion.fb_pixel_purchase', value: '99.50' }];
    const projected = projectInsightsRow('adset', row({ actions, action_values: values }));
    expect(projected.conversions).toBe(3);
    expect(projected.conversionValue).toBe('99.50');
    const omni = projectInsightsRow(
      'adset',
      row({ actions: [...actions, { action_type: 'omni_purchase', value: '5' }] }),
    );
    expect(omni.conversions).toBe(5);
  });

  it('leaves the ad set out of campaign rows and refuses a row without its level id', () => {
    const campaign = projectInsightsRow('campaign', row({ adset_id: undefined, adset_name: undefined }));
    expect(campaign.entityId).toBe('c1');
    expect(campaign.adSetId).toBeUndefined();
    expect(() => projectInsightsRow('ad', row({}))).toThrow(MetaRequestError);
  });

  it('refuses money that is not a decimal string', () => {
    expect(insightsRowSchema.safeParse({ ...row({}), spend: '12,30' }).success).toBe(false);
  });

  it('tells a row level by its deepest id', () => {
    expect(levelOfRow(row({ ad_id: 'a1' }))).toBe('ad');
    expect(levelOfRow(row({}))).toBe('adset');
    expect(levelOfRow(row({ adset_id: undefined }))).toBe('campaign');
  });
});

describe('reportRunStatusOf', () => {
  it('is done only on "Job Completed", even at 100 %', () => {
    expect(reportRunStatusOf('Job Running', 100)).toEqual({ state: 'running', percent: 100 });
    expect(reportRunStatusOf('Job Not Started', undefined)).toEqual({ state: 'running', percent: 0 });
    expect(reportRunStatusOf('Job Completed', 100)).toEqual({ state: 'completed' });
    expect(reportRunStatusOf('Job Failed', 0)).toEqual({ state: 'failed', reason: 'Job Failed' });
    expect(reportRunStatusOf('Job Skipped', 0)).toEqual({ state: 'failed', reason: 'Job Skipped' });
  });
});

describe('insightsParams', () => {
  it('asks for daily rows under each ad set attribution, archived and deleted included', () => {
    const params = insightsParams({ level: 'ad', since: '2026-11-01', until: '2026-11-28' });
    expect(params).toMatchObject({
      level: 'ad',
      time_increment: 1,
      time_range: { since: '2026-11-01', until: '2026-11-28' },
      use_unified_attribution_setting: true,
    });
    expect(params.fields.split(',')).toEqual(
      expect.arrayContaining(['ad_id', 'adset_id', 'campaign_id', 'actions', 'action_values']),
    );
    expect(params.filtering[0]?.field).toBe('ad.effective_status');
    expect(params.filtering[0]?.value).toEqual(expect.arrayContaining(['ARCHIVED', 'DELETED', 'ACTIVE']));
  });
});
