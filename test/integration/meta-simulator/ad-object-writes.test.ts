import type { MetaSimulator } from '@infra/local/meta-simulator';
import * as z from 'zod';
import type { GraphClient } from '../../../shared/meta/graph-client';
import type { GraphParams } from '../../../shared/meta/graph-transport';
import { MetaRequestError, MetaThrottledError, MetaTransientError } from '../../../shared/platform/errors';
import {
  adSetParams,
  campaignParams,
  DE_TARGETING,
  graphWrite,
  startAdWorld,
  US_TARGETING,
} from './ad-object-client';
import { graphGet, pageOf } from './graph-test-client';

const created = z.object({ id: z.string().regex(/^\d+$/) });
const ok = z.object({ success: z.literal(true) });

describe('Meta simulator: the write surface for campaigns, ad sets and ads', () => {
  let sim: MetaSimulator;
  let token: string;
  let graph: GraphClient;
  let usd: string;
  let jpy: string;

  beforeAll(async () => {
    const world = await startAdWorld();
    ({ sim, token, graph } = world);
    usd = await world.accountIn('USD');
    jpy = await world.accountIn('JPY');
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.clearFaults();
    sim.resetRequests();
  });

  const post = (path: string, params: GraphParams) =>
    graph.post(path, { accessToken: token, params, schema: created });
  const newCampaign = async (extra: GraphParams = {}, account = usd) =>
    (await post(`/${account}/campaigns`, campaignParams(extra))).id;
  const newAdSet = async (campaignId: string, extra: GraphParams = {}, account = usd) =>
    (await post(`/${account}/adsets`, adSetParams(campaignId, extra))).id;
  const newAd = async (adsetId: string, extra: GraphParams = {}) =>
    (
      await post(`/${usd}/ads`, {
        name: 'Ad 1',
        adset_id: adsetId,
        creative: { creative_id: '555' },
        ...extra,
      })
    ).id;

  async function refusal(path: string, params: GraphParams) {
    const answer = await graphWrite(sim, token, path, params);
    expect(answer.status).toBe(400);
    return answer.body.error as Record<string, unknown>;
  }

  describe('create', () => {
    it('creates a campaign → {id} and reads it back with Meta-shaped fields', async () => {
      const id = await newCampaign({ adlabels: [{ name: 'marker-1' }] });
      const answer = await graphGet(sim, `/${id}`, token, {
        fields:
          'name,status,configured_status,effective_status,objective,special_ad_categories,is_adset_budget_sharing_enabled,adlabels,advantage_state_info,created_time',
      });
      expect(answer.body).toMatchObject({
        id,
        name: 'Spring sale',
        status: 'PAUSED',
        configured_status: 'PAUSED',
        effective_status: 'PAUSED',
        objective: 'OUTCOME_TRAFFIC',
        special_ad_categories: [],
        is_adset_budget_sharing_enabled: false,
        adlabels: [expect.objectContaining({ name: 'marker-1', id: expect.stringMatching(/^\d+$/) })],
        advantage_state_info: { advantage_state: 'DISABLED', advantage_budget_state: 'DISABLED' },
        created_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/),
      });
      expect(sim.adObjects(usd)?.createCalls.campaign).toBeGreaterThanOrEqual(1);
    });

    it('refuses a legacy objective, missing special_ad_categories and the retired smart_promotion_type', async () => {
      await expect(newCampaign({ objective: 'LINK_CLICKS' })).rejects.toBeInstanceOf(MetaRequestError);
      expect(await refusal(`/${usd}/campaigns`, campaignParams({ objective: 'CONVERSIONS' }))).toMatchObject({
        code: 100,
        type: 'OAuthException',
        message: expect.stringContaining('Param objective must be one of {OUTCOME_APP_PROMOTION'),
        is_transient: false,
        fbtrace_id: expect.any(String),
      });
      const { special_ad_categories: _, ...withoutCategories } = campaignParams();
      expect(await refusal(`/${usd}/campaigns`, withoutCategories)).toMatchObject({
        code: 100,
        message: '(#100) The parameter special_ad_categories is required',
      });
      expect(
        await refusal(`/${usd}/campaigns`, campaignParams({ smart_promotion_type: 'GUIDED_CREATION' })),
      ).toMatchObject({ code: 100, message: '(#100) Param smart_promotion_type is no longer supported' });
    });

    it('a campaign without budget must say is_adset_budget_sharing_enabled (100 / 4834011)', async () => {
      const { is_adset_budget_sharing_enabled: _, ...params } = campaignParams();
      expect(await refusal(`/${usd}/campaigns`, params)).toMatchObject({
        code: 100,
        error_subcode: 4834011,
        message: 'Invalid parameter',
        error_user_title: 'Must specify True or False in is_adset_budget_sharing_enabled field',
        error_user_msg: expect.stringContaining('required from v24'),
      });
      // With a campaign budget the flag is not needed.
      await expect(
        newCampaign({ is_adset_budget_sharing_enabled: undefined, daily_budget: 5000 }),
      ).resolves.toMatch(/^\d+$/);
    });

    it('refuses budgets below the currency minimum, per currency (1885272)', async () => {
      expect(await refusal(`/${usd}/campaigns`, campaignParams({ daily_budget: 99 }))).toMatchObject({
        error_subcode: 1885272,
        error_user_title: 'Budget Is Too Low',
        error_user_msg: 'Your campaign budget must be more than USD1.00 or your ads may not be delivered.',
      });
      expect(await refusal(`/${jpy}/campaigns`, campaignParams({ daily_budget: 149 }))).toMatchObject({
        error_subcode: 1885272,
        error_user_msg: expect.stringContaining('JPY150'),
      });
      await expect(newCampaign({ daily_budget: 150 }, jpy)).resolves.toMatch(/^\d+$/);
    });

    it('budget on campaign and ad set is refused (1885621); none on either too', async () => {
      const withBudget = await newCampaign({ daily_budget: 5000 });
      expect(await refusal(`/${usd}/adsets`, adSetParams(withBudget))).toMatchObject({
        error_subcode: 1885621,
      });
      await expect(newAdSet(withBudget, { daily_budget: undefined })).resolves.toMatch(/^\d+$/);
      const withoutBudget = await newCampaign();
      expect(
        await refusal(`/${usd}/adsets`, adSetParams(withoutBudget, { daily_budget: undefined })),
      ).toMatchObject({
        code: 100,
        error_user_title: 'Ad Set Budget Required',
      });
      expect(await refusal(`/${usd}/adsets`, adSetParams(withoutBudget, { daily_budget: 50 }))).toMatchObject(
        {
          error_subcode: 1885272,
          error_user_msg: expect.stringContaining('ad set budget'),
        },
      );
    });

    it('bid cap and cost cap need bid_amount (2490487)', async () => {
      const campaignId = await newCampaign();
      for (const strategy of ['LOWEST_COST_WITH_BID_CAP', 'COST_CAP']) {
        expect(
          await refusal(`/${usd}/adsets`, adSetParams(campaignId, { bid_strategy: strategy })),
        ).toMatchObject({
          error_subcode: 2490487,
          error_user_title: 'Bid Amount Or Bid Constraints Required For Bid Strategy',
        });
      }
      await expect(newAdSet(campaignId, { bid_strategy: 'COST_CAP', bid_amount: 300 })).resolves.toMatch(
        /^\d+$/,
      );
    });

    it('an ad set needs targeting.geo_locations (1885364)', async () => {
      const campaignId = await newCampaign();
      for (const targeting of [undefined, { age_min: 20 }, { geo_locations: { countries: [] } }]) {
        expect(await refusal(`/${usd}/adsets`, adSetParams(campaignId, { targeting }))).toMatchObject({
          error_subcode: 1885364,
          error_user_title: 'Missing Target Audience Location',
        });
      }
    });

    it('EU targeting needs dsa_beneficiary (3858081) and dsa_payor (3858079); the account defaults are not applied', async () => {
      const account = await graphGet(sim, `/${usd}`, token, {
        fields: 'default_dsa_beneficiary,default_dsa_payor,business',
      });
      expect(account.body).toMatchObject({
        default_dsa_beneficiary: 'Acme GmbH',
        default_dsa_payor: 'Acme GmbH',
      });
      expect(account.body.business).toEqual(expect.objectContaining({ id: expect.any(String) }));
      const campaignId = await newCampaign();
      expect(await refusal(`/${usd}/adsets`, adSetParams(campaignId, { targeting: DE_TARGETING }))).toEqual({
        message: 'Invalid parameter',
        type: 'FacebookApiException',
        code: 100,
        error_data: '{"blame_field_specs":[["dsa_beneficiary"]]}',
        error_subcode: 3858081,
        is_transient: false,
        error_user_title: 'No payor/beneficiary provided in DSA regulated location',
        error_user_msg: expect.stringContaining('beneficiary information'),
        fbtrace_id: expect.any(String),
      });
      expect(
        await refusal(
          `/${usd}/adsets`,
          adSetParams(campaignId, { targeting: DE_TARGETING, dsa_beneficiary: 'Acme GmbH' }),
        ),
      ).toMatchObject({ error_subcode: 3858079 });
      await expect(
        newAdSet(campaignId, {
          targeting: DE_TARGETING,
          dsa_beneficiary: 'Acme GmbH',
          dsa_payor: 'Acme GmbH',
        }),
      ).resolves.toMatch(/^\d+$/);
    });

    it('the parent must exist in the same account and not be deleted; an ad needs a creative', async () => {
      const other = sim.scenario.expected.adAccounts.map((a) => a.id).find((id) => id !== usd) ?? '';
      const campaignId = await newCampaign();
      expect(await refusal(`/${other}/adsets`, adSetParams(campaignId))).toMatchObject({
        error_user_title: 'Invalid Campaign',
      });
      expect(await refusal(`/${usd}/adsets`, adSetParams('999'))).toMatchObject({
        error_user_title: 'Invalid Campaign',
      });
      const adsetId = await newAdSet(campaignId);
      expect(await refusal(`/${usd}/ads`, { name: 'x', adset_id: adsetId })).toMatchObject({
        message: '(#100) The parameter creative is required',
      });
      await graph.delete(`/${campaignId}`, { accessToken: token, schema: ok });
      expect(await refusal(`/${usd}/adsets`, adSetParams(campaignId))).toMatchObject({
        error_user_title: 'Invalid Campaign',
      });
      expect(
        await refusal(`/${usd}/ads`, { name: 'x', adset_id: adsetId, creative: { creative_id: '1' } }),
      ).toMatchObject({
        error_user_title: 'Invalid Ad Set',
      });
    });

    it('an OUTCOME_SALES campaign with a budget and geo-only ad sets reads as Advantage+ sales', async () => {
      const sales = await newCampaign({ objective: 'OUTCOME_SALES', daily_budget: 5000 });
      await newAdSet(sales, { daily_budget: undefined, targeting: { geo_locations: { countries: ['US'] } } });
      const advantage = await graphGet(sim, `/${sales}`, token, { fields: 'advantage_state_info' });
      expect(advantage.body.advantage_state_info).toEqual({
        advantage_state: 'ADVANTAGE_PLUS_SALES',
        advantage_budget_state: 'ENABLED',
        advantage_audience_state: 'ENABLED',
        advantage_placement_state: 'ENABLED',
      });
      const manual = await newCampaign({ objective: 'OUTCOME_SALES', daily_budget: 5000 });
      await newAdSet(manual, { daily_budget: undefined, targeting: US_TARGETING });
      const off = await graphGet(sim, `/${manual}`, token, { fields: 'advantage_state_info' });
      expect(off.body.advantage_state_info).toMatchObject({
        advantage_state: 'DISABLED',
        advantage_audience_state: 'DISABLED',
      });
    });
  });

  describe('validate_only', () => {
    it('runs every check, creates nothing and answers {success: true}', async () => {
      const before = sim.adObjects(usd)?.campaigns.length ?? 0;
      const answer = await graph.post(`/${usd}/campaigns`, {
        accessToken: token,
        params: { ...campaignParams({ adlabels: [{ name: 'dry' }] }), execution_options: ['validate_only'] },
        schema: ok,
      });
      expect(answer).toEqual({ success: true });
      expect(sim.adObjects(usd)?.campaigns.length).toBe(before);
      expect(sim.adObjects(usd)?.adlabels.some((l) => l.name === 'dry')).toBe(false);
      expect(
        await refusal(`/${usd}/campaigns`, {
          ...campaignParams({ daily_budget: 1 }),
          execution_options: ['validate_only'],
        }),
      ).toMatchObject({ error_subcode: 1885272 });

      const campaignId = await newCampaign();
      await graph.post(`/${campaignId}`, {
        accessToken: token,
        params: { name: 'Renamed', execution_options: ['validate_only'] },
        schema: ok,
      });
      expect((await graphGet(sim, `/${campaignId}`, token, { fields: 'name' })).body.name).toBe(
        'Spring sale',
      );
    });
  });

  describe('update, delete and effective status', () => {
    it('edits fields → {success: true}; pauses flow down as ADSET_PAUSED / CAMPAIGN_PAUSED; new ads pass review', async () => {
      const campaignId = await newCampaign({ status: 'ACTIVE' });
      const adsetId = await newAdSet(campaignId, { status: 'ACTIVE' });
      const adId = await newAd(adsetId);
      const status = async (id: string) =>
        (await graphGet(sim, `/${id}`, token, { fields: 'effective_status' })).body.effective_status;
      expect(await status(adId)).toBe('PENDING_REVIEW');
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(await status(adId)).toBe('ACTIVE');

      await graph.post(`/${adsetId}`, {
        accessToken: token,
        params: { status: 'PAUSED', name: 'Paused set' },
        schema: ok,
      });
      expect(await status(adId)).toBe('ADSET_PAUSED');
      await graph.post(`/${campaignId}`, { accessToken: token, params: { status: 'PAUSED' }, schema: ok });
      expect(await status(adId)).toBe('CAMPAIGN_PAUSED');
      expect(await status(adsetId)).toBe('PAUSED');
      await graph.post(`/${adsetId}`, { accessToken: token, params: { status: 'ACTIVE' }, schema: ok });
      expect(await status(adsetId)).toBe('CAMPAIGN_PAUSED');
      const read = await graphGet(sim, `/${adsetId}`, token, {
        fields: 'name,daily_budget,targeting,campaign{id}',
      });
      expect(read.body).toMatchObject({
        name: 'Paused set',
        daily_budget: '1000',
        targeting: US_TARGETING,
        campaign: { id: campaignId },
      });
    });

    it('a disapproval set through the control API shows as DISAPPROVED with ad_review_feedback and issues_info', async () => {
      const campaignId = await newCampaign({ status: 'ACTIVE' });
      const adId = await newAd(await newAdSet(campaignId, { status: 'ACTIVE' }));
      const reviewed = await fetch(`${sim.url}/__sim/ads/${adId}/review`, {
        method: 'POST',
        body: JSON.stringify({ decision: 'disapprove', message: 'Misleading claims' }),
      });
      expect(reviewed.status).toBe(204);
      const ad = await graphGet(sim, `/${adId}`, token, {
        fields: 'effective_status,ad_review_feedback,issues_info,creative',
      });
      expect(ad.body).toMatchObject({
        effective_status: 'DISAPPROVED',
        ad_review_feedback: { global: { 'Ad rejected': 'Misleading claims' } },
        issues_info: [expect.objectContaining({ level: 'AD', error_summary: 'Ad rejected' })],
        creative: { id: '555' },
      });
      expect(
        (await fetch(`${sim.url}/__sim/ads/1/review`, { method: 'POST', body: '{"decision":"approve"}' }))
          .status,
      ).toBe(404);
    });

    it('DELETE → status DELETED, children read DELETED, edits are refused, edges hide them unless asked', async () => {
      const campaignId = await newCampaign();
      const adsetId = await newAdSet(campaignId);
      const adId = await newAd(adsetId);
      expect(await graph.delete(`/${campaignId}`, { accessToken: token, schema: ok })).toEqual({
        success: true,
      });
      const read = await graphGet(sim, `/${campaignId}`, token, { fields: 'status,effective_status' });
      expect(read.body).toMatchObject({ status: 'DELETED', effective_status: 'DELETED' });
      const child = await graphGet(sim, `/${adId}`, token, { fields: 'status,effective_status' });
      expect(child.body).toMatchObject({ status: 'ACTIVE', effective_status: 'DELETED' });
      expect(await refusal(`/${adsetId}`, { name: 'again' })).toMatchObject({
        code: 100,
        error_user_title: 'Object Has Been Deleted',
      });
      expect(await refusal(`/${campaignId}`, { status: 'ACTIVE' })).toMatchObject({
        error_user_title: 'Object Has Been Deleted',
      });

      const listed = pageOf(await graphGet(sim, `/${usd}/campaigns`, token, { limit: '500' })).data.map(
        (c) => c.id,
      );
      expect(listed).not.toContain(campaignId);
      const deleted = pageOf(
        await graphGet(sim, `/${usd}/campaigns`, token, { effective_status: '["DELETED"]', limit: '500' }),
      ).data.map((c) => c.id);
      expect(deleted).toContain(campaignId);
      const filtered = pageOf(
        await graphGet(sim, `/${campaignId}/adsets`, token, {
          filtering: JSON.stringify([{ field: 'effective_status', operator: 'IN', value: ['DELETED'] }]),
        }),
      ).data.map((c) => c.id);
      expect(filtered).toEqual([adsetId]);
      const all = sim.adObjects(usd);
      expect(all?.campaigns.find((c) => c.id === campaignId)).toMatchObject({ status: 'DELETED' });
    });

    it("an ad set's budget may change 4 times an hour; the 5th is 613 / 1487632 and blocks", async () => {
      const adsetId = await newAdSet(await newCampaign());
      for (const budget of [1100, 1200, 1300, 1400]) {
        await graph.post(`/${adsetId}`, { accessToken: token, params: { daily_budget: budget }, schema: ok });
      }
      await graph.post(`/${adsetId}`, {
        accessToken: token,
        params: { name: 'name edits are fine' },
        schema: ok,
      });
      const fifth = await graphWrite(sim, token, `/${adsetId}`, { daily_budget: 1500 });
      expect(fifth.status).toBe(400);
      expect(fifth.body.error).toMatchObject({ code: 613, error_subcode: 1487632, is_transient: false });
      const usage = JSON.parse(fifth.headers.get('x-business-use-case-usage') ?? '{}');
      expect(usage[adsetId]).toEqual([expect.objectContaining({ estimated_time_to_regain_access: 60 })]);
      await expect(
        graph.post(`/${adsetId}`, { accessToken: token, params: { daily_budget: 1600 }, schema: ok }),
      ).rejects.toBeInstanceOf(MetaThrottledError);
      expect((await graphGet(sim, `/${adsetId}`, token, { fields: 'daily_budget' })).body.daily_budget).toBe(
        '1400',
      );
    });

    it('updates are checked too: budget under a budgeted campaign, bid cap without bid_amount, targeting', async () => {
      const budgeted = await newCampaign({ daily_budget: 5000 });
      const shared = await newAdSet(budgeted, { daily_budget: undefined });
      expect(await refusal(`/${shared}`, { daily_budget: 1000 })).toMatchObject({ error_subcode: 1885621 });
      const own = await newAdSet(await newCampaign());
      expect(await refusal(`/${own}`, { bid_strategy: 'LOWEST_COST_WITH_BID_CAP' })).toMatchObject({
        error_subcode: 2490487,
      });
      expect(await refusal(`/${own}`, { targeting: { age_min: 30 } })).toMatchObject({
        error_subcode: 1885364,
      });
      expect(await refusal(`/${own}`, { targeting: DE_TARGETING })).toMatchObject({ error_subcode: 3858081 });
    });
  });

  describe('writes carry usage headers and count 3 points', () => {
    it('sends X-Ad-Account-Usage and an ads_management X-Business-Use-Case-Usage on creates and on /{id} edits', async () => {
      const createdAnswer = await graphWrite(sim, token, `/${usd}/campaigns`, campaignParams());
      expect(createdAnswer.status).toBe(200);
      expect(JSON.parse(createdAnswer.headers.get('x-ad-account-usage') ?? '{}')).toMatchObject({
        acc_id_util_pct: expect.any(Number),
      });
      const usage = JSON.parse(createdAnswer.headers.get('x-business-use-case-usage') ?? '{}');
      expect(usage[usd.slice(4)]).toEqual([expect.objectContaining({ type: 'ads_management' })]);
      const edit = await graphWrite(sim, token, `/${createdAnswer.body.id}`, { name: 'n' });
      expect(JSON.parse(edit.headers.get('x-business-use-case-usage') ?? '{}')[usd.slice(4)]).toBeDefined();
    });
  });

  describe('lostAnswer faults', () => {
    it('applies the create, then answers a bare 500: the client sees an ambiguous failure, Meta has the object', async () => {
      sim.addFault({ path: `/${usd}/campaigns`, method: 'POST', kind: 'lostAnswer', times: 1 });
      const before = sim.adObjects(usd)?.createCalls.campaign ?? 0;
      await expect(
        newCampaign({ name: 'lost-500', adlabels: [{ name: 'marker-lost-500' }] }),
      ).rejects.toBeInstanceOf(MetaTransientError);
      const after = sim.adObjects(usd);
      expect(after?.createCalls.campaign).toBe(before + 1);
      expect(sim.countRequests({ path: `/${usd}/campaigns`, method: 'POST' })).toBe(1);
      const label = after?.adlabels.find((l) => l.name === 'marker-lost-500');
      const found = pageOf(
        await graphGet(sim, `/${usd}/campaignsbylabels`, token, {
          ad_label_ids: JSON.stringify([label?.id]),
          fields: 'name',
        }),
      ).data;
      expect(found).toEqual([expect.objectContaining({ name: 'lost-500' })]);
    });

    it('drop closes the connection; timeout holds it past the client timeout — both applied', async () => {
      sim.addFault({ path: `/${usd}/campaigns`, kind: 'lostAnswer', answer: 'drop', times: 1 });
      const before = sim.adObjects(usd)?.createCalls.campaign ?? 0;
      await expect(newCampaign({ name: 'lost-drop' })).rejects.toBeInstanceOf(MetaTransientError);
      sim.addFault({
        path: `/${usd}/campaigns`,
        kind: 'lostAnswer',
        answer: 'timeout',
        holdMs: 5000,
        times: 1,
      });
      await expect(newCampaign({ name: 'lost-timeout' })).rejects.toBeInstanceOf(MetaTransientError);
      expect(sim.adObjects(usd)?.createCalls.campaign).toBe(before + 2);
      const names = sim.adObjects(usd)?.campaigns.map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(['lost-drop', 'lost-timeout']));
    });

    it('is exposed through the control API like other faults', async () => {
      const added = await fetch(`${sim.url}/__sim/faults`, {
        method: 'POST',
        body: JSON.stringify({ path: '/*', method: 'POST', kind: 'lostAnswer', answer: 'http500', times: 1 }),
      });
      expect(added.status).toBe(201);
      const campaignId = await newCampaign();
      const edit = await graphWrite(sim, token, `/${campaignId}`, { name: 'edited, answer lost' });
      expect(edit.status).toBe(500);
      expect(edit.body).toEqual({});
      expect((await graphGet(sim, `/${campaignId}`, token, { fields: 'name' })).body.name).toBe(
        'edited, answer lost',
      );
      const invalid = await fetch(`${sim.url}/__sim/faults`, {
        method: 'POST',
        body: JSON.stringify({ path: '/*', kind: 'lostAnswer', answer: 'sometimes' }),
      });
      expect(invalid.status).toBe(400);
    });
  });
});
