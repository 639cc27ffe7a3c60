import type { MetaSimulator } from '@infra/local/meta-simulator';
import * as z from 'zod';
import type { GraphClient } from '../../../shared/meta/graph-client';
import { adSetParams, campaignParams, graphWrite, startAdWorld } from './ad-object-client';
import { getUrl, graphGet, pageOf, readAllPages } from './graph-test-client';

const created = z.object({ id: z.string() });
const ok = z.object({ success: z.literal(true) });

describe('Meta simulator: ad labels, by-label lookups and edge filters', () => {
  let sim: MetaSimulator;
  let token: string;
  let graph: GraphClient;
  let account: string;

  beforeAll(async () => {
    const world = await startAdWorld({ adLabelLimit: 5 });
    ({ sim, token, graph } = world);
    account = await world.accountIn('USD');
  });
  afterAll(() => sim.close());

  const createCampaign = async (name: string, extra: Record<string, string | object> = {}) =>
    (
      await graph.post(`/${account}/campaigns`, {
        accessToken: token,
        params: campaignParams({ name, ...extra }),
        schema: created,
      })
    ).id;
  const ids = (answer: Awaited<ReturnType<typeof graphGet>>) => pageOf(answer).data.map((row) => row.id);

  it('POST /act_{id}/adlabels → {id}; the same name answers the same label; GET lists them', async () => {
    const first = await graph.post(`/${account}/adlabels`, {
      accessToken: token,
      params: { name: 'quarterly' },
      schema: created,
    });
    const again = await graph.post(`/${account}/adlabels`, {
      accessToken: token,
      params: { name: 'quarterly' },
      schema: created,
    });
    expect(again.id).toBe(first.id);
    const listed = pageOf(await graphGet(sim, `/${account}/adlabels`, token, { fields: 'id,name' })).data;
    expect(listed).toEqual([{ id: first.id, name: 'quarterly' }]);
    expect((await graphGet(sim, `/${first.id}`, token, { fields: 'name,account' })).body).toMatchObject({
      name: 'quarterly',
      account: { id: account },
    });
    const unnamed = await graphWrite(sim, token, `/${account}/adlabels`, {});
    expect(unnamed.body.error).toMatchObject({ code: 100, message: '(#100) The parameter name is required' });
  });

  it('tags objects by label name or id; campaignsbylabels / adsetsbylabels find them with ANY and ALL', async () => {
    const quarterly = pageOf(await graphGet(sim, `/${account}/adlabels`, token, { fields: 'id,name' }))
      .data[0]?.id as string;
    const both = await createCampaign('both', { adlabels: [{ id: quarterly }, { name: 'spring' }] });
    const onlyQuarterly = await createCampaign('only quarterly', { adlabels: [{ name: 'quarterly' }] });
    await createCampaign('untagged');
    const spring = sim.adObjects(account)?.adlabels.find((l) => l.name === 'spring')?.id as string;
    const any = await graphGet(sim, `/${account}/campaignsbylabels`, token, {
      ad_label_ids: JSON.stringify([quarterly, spring]),
      operator: 'ANY',
    });
    expect(ids(any).sort()).toEqual([both, onlyQuarterly].sort());
    const all = await graphGet(sim, `/${account}/campaignsbylabels`, token, {
      ad_label_ids: JSON.stringify([quarterly, spring]),
      operator: 'ALL',
    });
    expect(ids(all)).toEqual([both]);
    const adset = await graph.post(`/${account}/adsets`, {
      accessToken: token,
      params: adSetParams(both, { adlabels: [{ name: 'spring' }] }),
      schema: created,
    });
    expect(
      ids(
        await graphGet(sim, `/${account}/adsetsbylabels`, token, { ad_label_ids: JSON.stringify([spring]) }),
      ),
    ).toEqual([adset.id]);
    expect(
      ids(await graphGet(sim, `/${account}/adsbylabels`, token, { ad_label_ids: JSON.stringify([spring]) })),
    ).toEqual([]);
    const missing = await graphGet(sim, `/${account}/campaignsbylabels`, token);
    expect(missing.body.error).toMatchObject({
      code: 100,
      message: '(#100) The parameter ad_label_ids is required',
    });
    const foreign = await graphWrite(
      sim,
      token,
      `/${account}/campaigns`,
      campaignParams({ adlabels: [{ id: '42' }] }),
    );
    expect(foreign.body.error).toMatchObject({ code: 100, error_user_title: 'Invalid Ad Label' });

    // filtering on adlabels (by name) and on name
    const byLabel = await graphGet(sim, `/${account}/campaigns`, token, {
      filtering: JSON.stringify([{ field: 'adlabels', operator: 'ANY', value: ['spring'] }]),
    });
    expect(ids(byLabel)).toEqual([both]);
    const byName = await graphGet(sim, `/${account}/campaigns`, token, {
      filtering: JSON.stringify([{ field: 'name', operator: 'CONTAIN', value: 'QUARTERLY' }]),
    });
    expect(ids(byName)).toEqual([onlyQuarterly]);
    const badOperator = await graphGet(sim, `/${account}/campaigns`, token, {
      filtering: JSON.stringify([{ field: 'name', operator: 'BETWEEN', value: 'x' }]),
    });
    expect(badOperator.body.error).toMatchObject({ code: 100 });
  });

  it('DELETE /{label} removes the label and untags its objects', async () => {
    const label = await graph.post(`/${account}/adlabels`, {
      accessToken: token,
      params: { name: 'temporary' },
      schema: created,
    });
    const tagged = await createCampaign('temp tagged', { adlabels: [{ id: label.id }] });
    expect(await graph.delete(`/${label.id}`, { accessToken: token, schema: ok })).toEqual({ success: true });
    const read = await graphGet(sim, `/${tagged}`, token, { fields: 'adlabels' });
    expect(read.body.adlabels).toEqual([]);
    expect(sim.adObjects(account)?.adlabels.map((l) => l.name)).not.toContain('temporary');
    expect((await graphGet(sim, `/${label.id}`, token)).body.error).toMatchObject({
      code: 100,
      error_subcode: 33,
    });
  });

  it('refuses labels past the account limit (configurable in the ScenarioSpec)', async () => {
    let refused: Record<string, unknown> | undefined;
    for (let n = 0; n < 6 && !refused; n += 1) {
      const answer = await graphWrite(sim, token, `/${account}/adlabels`, { name: `filler-${n}` });
      if (answer.status !== 200) refused = answer.body.error as Record<string, unknown>;
    }
    expect(refused).toMatchObject({ code: 100, error_user_title: 'Ad Label Limit Reached' });
    expect(sim.adObjects(account)?.adlabels).toHaveLength(5);
    const viaCreate = await graphWrite(
      sim,
      token,
      `/${account}/campaigns`,
      campaignParams({ adlabels: [{ name: 'one too many' }] }),
    );
    expect(viaCreate.body.error).toMatchObject({ error_user_title: 'Ad Label Limit Reached' });
  });

  it('pages edges with cursors and filters on effective_status both ways', async () => {
    for (let n = 0; n < 5; n += 1)
      await createCampaign(`paged ${n}`, { status: n % 2 === 0 ? 'ACTIVE' : 'PAUSED' });
    const first = await graphGet(sim, `/${account}/campaigns`, token, { limit: '2', fields: 'name' });
    const { rows, pages } = await readAllPages(pageOf(first).paging?.next ?? '');
    expect(pages).toBeGreaterThan(1);
    expect(rows.length + 2).toBe(
      sim.adObjects(account)?.campaigns.filter((c) => c.effective_status !== 'DELETED').length,
    );
    const active = await graphGet(sim, `/${account}/campaigns`, token, {
      effective_status: '["ACTIVE"]',
      fields: 'effective_status',
      limit: '100',
    });
    expect(pageOf(active).data.every((c) => c.effective_status === 'ACTIVE')).toBe(true);
    expect(pageOf(active).data.length).toBeGreaterThanOrEqual(3);
    const bad = await graphGet(sim, `/${account}/campaigns`, token, { effective_status: '["RUNNING"]' });
    expect(bad.body.error).toMatchObject({
      code: 100,
      message: expect.stringContaining('Param effective_status must be one of'),
    });
    const nested = await graphGet(sim, `/${account}`, token, { fields: 'campaigns.limit(2){name}' });
    expect((nested.body.campaigns as { data: unknown[] }).data).toHaveLength(2);
  });

  it('GET /__sim/ad-accounts/{id}/objects counts objects and accepted creates; unknown accounts are 404', async () => {
    const objects = await getUrl(`${sim.url}/__sim/ad-accounts/${account}/objects`);
    expect(objects.status).toBe(200);
    expect(objects.body).toMatchObject({
      campaigns: expect.any(Array),
      adsets: expect.any(Array),
      ads: [],
      adlabels: expect.any(Array),
      createCalls: { campaign: expect.any(Number), adset: 1, ad: 0, adlabel: expect.any(Number) },
    });
    expect((await getUrl(`${sim.url}/__sim/ad-accounts/act_1/objects`)).status).toBe(404);
  });
});
