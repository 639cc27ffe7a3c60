import { type MetaSimulator, startMetaSimulator } from '@infra/local/meta-simulator';
import type { GraphParams } from '../../../shared/meta/graph-transport';
import { adSetParams, campaignParams, graphWrite } from './ad-object-client';
import { graphErrorOf, graphGet, ZERO_COUNTS } from './graph-test-client';

const HOUR = 3600;

describe('Meta simulator: ad studies (split tests)', () => {
  let sim: MetaSimulator;
  /** User 0 administers BM 0, user 1 BM 1; each BM owns one ad account. */
  let token: string;
  let otherToken: string;
  let business: string;
  let otherBusiness: string;
  let account: string;
  let adSets: string[];
  let foreignAdSet: string;
  let campaign: string;

  const now = () => Math.floor(Date.now() / 1000);
  const write = (path: string, params: GraphParams, as = token, method: 'POST' | 'DELETE' = 'POST') =>
    graphWrite(sim, as, path, params, method);
  const created = async (path: string, params: GraphParams, as = token) => {
    const answer = await write(path, params, as);
    if (answer.status !== 200) throw new Error(`${path}: ${JSON.stringify(answer.body)}`);
    return answer.body.id as string;
  };
  const studyParams = (extra: GraphParams = {}): GraphParams => ({
    name: 'Creative A vs B',
    type: 'SPLIT_TEST',
    start_time: now() + HOUR,
    end_time: now() + 8 * 24 * HOUR,
    cells: [
      { name: 'A', treatment_percentage: 50, adsets: [adSets[0]] },
      { name: 'B', treatment_percentage: 50, adsets: [adSets[1]] },
    ],
    ...extra,
  });
  async function refusal(path: string, params: GraphParams, as = token) {
    const answer = await write(path, params, as);
    expect(answer.status).toBe(400);
    return answer.body.error as Record<string, unknown>;
  }

  beforeAll(async () => {
    sim = await startMetaSimulator({
      seed: { businesses: 2, tokens: 2, perBusiness: { ...ZERO_COUNTS, ownedAdAccounts: 1 } },
    });
    token = sim.scenario.tokens[0]?.accessToken ?? '';
    otherToken = sim.scenario.tokens[1]?.accessToken ?? '';
    [business = '', otherBusiness = ''] = sim.scenario.businessIds;
    const ofBusiness = (id: string) =>
      sim.scenario.expected.adAccounts.find((a) => a.businessId === id)?.id ?? '';
    account = ofBusiness(business);
    const otherAccount = ofBusiness(otherBusiness);
    campaign = await created(`/${account}/campaigns`, campaignParams());
    adSets = [
      await created(`/${account}/adsets`, adSetParams(campaign, { name: 'A' })),
      await created(`/${account}/adsets`, adSetParams(campaign, { name: 'B' })),
    ];
    const otherCampaign = await created(`/${otherAccount}/campaigns`, campaignParams(), otherToken);
    foreignAdSet = await created(`/${otherAccount}/adsets`, adSetParams(otherCampaign), otherToken);
  });
  afterAll(() => sim.close());

  it('creates a split test under the business and renders it with its cells', async () => {
    const id = await created(`/${business}/ad_studies`, studyParams());
    const read = await graphGet(sim, `/${id}`, token, {
      fields:
        'id,name,type,start_time,end_time,cells{id,name,treatment_percentage,adsets{id,name},campaigns{id}}',
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, name: 'Creative A vs B', type: 'SPLIT_TEST' });
    expect(read.body.start_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
    const cells = (read.body.cells as { data: Record<string, unknown>[] }).data;
    expect(cells).toEqual([
      {
        id: expect.stringMatching(/^\d+$/),
        name: 'A',
        treatment_percentage: 50,
        adsets: { data: [{ id: adSets[0], name: 'A' }] },
        campaigns: { data: [] },
      },
      expect.objectContaining({ name: 'B', adsets: { data: [{ id: adSets[1], name: 'B' }] } }),
    ]);
    const held = sim.adStudies(business).find((s) => s.id === id);
    expect(held?.cells.map((c) => [c.name, c.treatmentPercentage, c.adsets])).toEqual([
      ['A', 50, [adSets[0]]],
      ['B', 50, [adSets[1]]],
    ]);
  });

  it('lists studies on the business and, read-only, on the ad account', async () => {
    const id = await created(`/${business}/ad_studies`, studyParams({ name: 'Listed' }));
    const ofBusiness = await graphGet(sim, `/${business}/ad_studies`, token, { fields: 'id,name' });
    expect((ofBusiness.body.data as { id: string }[]).map((s) => s.id)).toContain(id);
    const ofAccount = await graphGet(sim, `/${account}/ad_studies`, token, { fields: 'id' });
    expect((ofAccount.body.data as { id: string }[]).map((s) => s.id)).toContain(id);
    const error = await refusal(`/${account}/ad_studies`, studyParams());
    expect(error).toMatchObject({ code: 100 });
    expect(String(error.message)).toMatch(/read-only/);
  });

  it.each([
    [
      'percentages not adding up to 100',
      { treatment_percentage: [50, 40] },
      /add up to 100 \(they add up to 90\)/,
    ],
    ['a cell under 10 %', { treatment_percentage: [95, 5] }, /at least 10%/],
  ])('refuses %s with code 100 and a user message', async (_what, change, message) => {
    const [a, b] = change.treatment_percentage;
    const error = await refusal(
      `/${business}/ad_studies`,
      studyParams({
        cells: [
          { name: 'A', treatment_percentage: a, adsets: [adSets[0]] },
          { name: 'B', treatment_percentage: b, adsets: [adSets[1]] },
        ],
      }),
    );
    expect(error).toMatchObject({ code: 100, message: 'Invalid parameter' });
    expect(String(error.error_user_msg)).toMatch(message);
  });

  it('refuses a single cell, a start in the past and an end before the start', async () => {
    const single = await refusal(
      `/${business}/ad_studies`,
      studyParams({ cells: [{ name: 'A', treatment_percentage: 100, adsets: [adSets[0]] }] }),
    );
    expect(String(single.error_user_msg)).toMatch(/at least 2 cells/);
    const past = await refusal(`/${business}/ad_studies`, studyParams({ start_time: now() - 60 }));
    expect(String(past.error_user_msg)).toMatch(/start time .* future/);
    const backwards = await refusal(`/${business}/ad_studies`, studyParams({ end_time: now() + 60 }));
    expect(String(backwards.error_user_msg)).toMatch(/after its start time/);
  });

  it('refuses objects that do not exist or belong to another business', async () => {
    const unknown = await refusal(
      `/${business}/ad_studies`,
      studyParams({
        cells: [
          { name: 'A', treatment_percentage: 50, adsets: [adSets[0]] },
          { name: 'B', treatment_percentage: 50, adsets: ['999999999999'] },
        ],
      }),
    );
    expect(String(unknown.error_user_msg)).toMatch(/999999999999 .* does not exist/);
    const foreign = await refusal(
      `/${business}/ad_studies`,
      studyParams({
        cells: [
          { name: 'A', treatment_percentage: 50, adsets: [adSets[0]] },
          { name: 'B', treatment_percentage: 50, adsets: [foreignAdSet] },
        ],
      }),
    );
    expect(String(foreign.error_user_msg)).toMatch(
      new RegExp(`${foreignAdSet} .* ad account of this business`),
    );
  });

  it("answers a token that cannot reach the business as Meta does: the object doesn't exist", async () => {
    const error = await refusal(`/${business}/ad_studies`, studyParams(), otherToken);
    expect(error).toMatchObject({ code: 100, error_subcode: 33 });
    const id = await created(`/${business}/ad_studies`, studyParams());
    const read = await graphGet(sim, `/${id}`, otherToken, { fields: 'id' });
    expect(graphErrorOf(read)).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('stops a study by moving its end time; an end in the past and a DELETE are refused', async () => {
    const id = await created(`/${business}/ad_studies`, studyParams({ start_time: now() + 30 }));
    const end = now() + 60;
    const moved = await write(`/${id}`, { end_time: end });
    expect(moved).toMatchObject({ status: 200, body: { success: true } });
    expect(sim.adStudies().find((s) => s.id === id)?.endSeconds).toBe(end);
    const read = await graphGet(sim, `/${id}`, token, { fields: 'end_time' });
    expect(read.body.end_time).toBe(new Date(end * 1000).toISOString().replace(/\.\d{3}Z$/, '+0000'));
    const past = await refusal(`/${id}`, { end_time: now() - 5 });
    expect(String(past.error_user_msg)).toMatch(/cannot be in the past/);
    const deleted = await write(`/${id}`, {}, token, 'DELETE');
    expect(deleted.status).toBe(400);
    expect(String(graphErrorOf(deleted).message)).toMatch(/cannot be deleted/);
    expect(sim.adStudies().some((s) => s.id === id)).toBe(true);
  });

  it('refuses an end at or before the start, as Meta does, and moves a scheduled study’s start with its end', async () => {
    const start = now() + HOUR;
    const id = await created(`/${business}/ad_studies`, studyParams({ start_time: start }));
    for (const end of [now() + 60, start]) {
      const error = await refusal(`/${id}`, { end_time: end });
      expect(error).toMatchObject({ code: 100, message: 'Invalid parameter' });
      expect(String(error.error_user_msg)).toMatch(/after its start time/);
    }
    expect(sim.adStudies().find((s) => s.id === id)?.endSeconds).toBe(start - HOUR + 8 * 24 * HOUR);
    const soon = now() + 60;
    const moved = await write(`/${id}`, { start_time: soon, end_time: soon + 1 });
    expect(moved).toMatchObject({ status: 200, body: { success: true } });
    expect(sim.adStudies().find((s) => s.id === id)).toMatchObject({
      startSeconds: soon,
      endSeconds: soon + 1,
    });
    const pastStart = await refusal(`/${id}`, { start_time: now() - 5 });
    expect(String(pastStart.error_user_msg)).toMatch(/must be in the future/);
  });

  // Last: it revokes the token the other tests use.
  it('refuses a revoked token, on the study and on the business edge', async () => {
    const id = await created(`/${business}/ad_studies`, studyParams());
    sim.revokeToken(token);
    expect(graphErrorOf(await graphGet(sim, `/${id}`, token, { fields: 'id' })).code).toBe(190);
    expect(graphErrorOf(await write(`/${business}/ad_studies`, studyParams())).code).toBe(190);
  });
});
