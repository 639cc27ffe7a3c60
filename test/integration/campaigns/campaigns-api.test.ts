import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { adObjectKey } from '../../../shared/store/dynamodb/ad-object-keys';
import { api } from '../support/runtime';
import {
  adSetBody,
  type CampaignWorld,
  campaignBody,
  connectedWorkspace,
  metaObjectsOf,
  mutate,
  newKey,
} from './campaign-fixture';

/**
 * A marketer's campaign management through the local runtime and the Meta simulator: create,
 * read, change, pause, resume and delete at every level, exactly once, Meta's refusals and our
 * own checks before Meta.
 */
describe('campaigns, ad sets and ads through the API', () => {
  let world: CampaignWorld;
  const metaObjects = () => metaObjectsOf(world);

  beforeAll(async () => {
    world = await connectedWorkspace();
  }, 90_000);

  afterAll(async () => {
    await world?.rt.stop();
  });

  afterEach(() => world.rt.simulator?.clearFaults());

  it('creates a campaign PAUSED with the name as written, answers it in minor units, and lists it', async () => {
    const created = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ name: 'Été 2027 — “Soldes” 🌞' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      adAccountId: world.adAccountId,
      name: 'Été 2027 — “Soldes” 🌞',
      objective: 'OUTCOME_TRAFFIC',
      status: 'PAUSED',
      dailyBudget: 5000,
      currency: world.currency,
      createdBy: { actor: 'user', sub: 'dev-workspace-user' },
    });
    expect(created.body.amounts.dailyBudget).toMatchObject({ minor: 5000, currency: world.currency });
    const atMeta = metaObjects().campaigns.find((c) => c.id === created.body.id);
    expect(atMeta).toMatchObject({ name: 'Été 2027 — “Soldes” 🌞', status: 'PAUSED', daily_budget: '5000' });

    const listed = await api(world.rt, 'GET', '/meta/campaigns', { token: world.user });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);

    const read = await api(world.rt, 'GET', `/meta/campaigns/${created.body.id}`, { token: world.user });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, status: 'PAUSED' });
  });

  it('removes the marker label once the create is reconciled, so labels never pile up', async () => {
    const created = await mutate(world, 'POST', '/meta/campaigns', { body: campaignBody() });
    expect(created.status).toBe(201);
    await world.rt.idle(20_000);
    const labels = metaObjects().adlabels.filter((l) => String(l.name).startsWith('mab-'));
    expect(labels).toEqual([]);
  });

  it('builds campaign → ad set → ad, then pauses, resumes and deletes, keeping the record', async () => {
    const campaign = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ dailyBudget: undefined, adSetBudgetSharing: false }),
    });
    expect(campaign.status).toBe(201);
    const adSet = await mutate(world, 'POST', '/meta/adsets', { body: adSetBody(campaign.body.id) });
    expect(adSet.status).toBe(201);
    expect(adSet.body).toMatchObject({ campaignId: campaign.body.id, dailyBudget: 2000, status: 'PAUSED' });
    const sent = metaObjects().adsets.find((a) => a.id === adSet.body.id);
    // Advantage+ audience is written explicitly: off unless the marketer opts in.
    expect(sent?.targeting).toMatchObject({
      geo_locations: { countries: ['US'] },
      targeting_automation: { advantage_audience: 0 },
    });

    const ad = await mutate(world, 'POST', '/meta/ads', {
      body: { adSetId: adSet.body.id, name: 'Hero image', creativeId: '120000000000001' },
    });
    expect(ad.status).toBe(201);
    expect(ad.body).toMatchObject({ adSetId: adSet.body.id, campaignId: campaign.body.id, status: 'PAUSED' });

    const resumed = await mutate(world, 'POST', `/meta/adsets/${adSet.body.id}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('ACTIVE');
    const paused = await mutate(world, 'POST', `/meta/adsets/${adSet.body.id}/pause`);
    expect(paused.body.status).toBe('PAUSED');
    expect(metaObjects().adsets.find((a) => a.id === adSet.body.id)?.status).toBe('PAUSED');

    const renamed = await mutate(world, 'PATCH', `/meta/ads/${ad.body.id}`, {
      body: { name: 'Hero image v2' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Hero image v2');

    const deleted = await mutate(world, 'DELETE', `/meta/ads/${ad.body.id}`);
    expect(deleted.status).toBe(204);
    expect(metaObjects().ads.find((a) => a.id === ad.body.id)?.status).toBe('DELETED');
    const hidden = await api(world.rt, 'GET', `/meta/ads?adSetId=${adSet.body.id}`, { token: world.user });
    expect(hidden.body.items).toEqual([]);
    const kept = await api(world.rt, 'GET', `/meta/ads?adSetId=${adSet.body.id}&includeDeleted=true`, {
      token: world.user,
    });
    expect(kept.body.items).toEqual([expect.objectContaining({ id: ad.body.id, status: 'DELETED' })]);
    const again = await mutate(world, 'PATCH', `/meta/ads/${ad.body.id}`, { body: { name: 'x' } });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('object_deleted');
  });

  it('names the field of every validation error and refuses legacy objectives and decimals', async () => {
    const legacy = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ objective: 'CONVERSIONS' }),
    });
    expect(legacy.status).toBe(400);
    expect(legacy.body.error.details).toEqual([expect.objectContaining({ in: 'body', path: 'objective' })]);

    const decimal = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ dailyBudget: 25.5 }),
    });
    expect(decimal.status).toBe(400);
    expect(decimal.body.error.details[0].path).toBe('dailyBudget');

    const campaign = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ dailyBudget: undefined }),
    });
    const noGeo = await mutate(world, 'POST', '/meta/adsets', {
      body: adSetBody(campaign.body.id, { targeting: { ageMin: 18 } }),
    });
    expect(noGeo.status).toBe(400);
    expect(noGeo.body.error.details[0].path).toMatch(/^targeting\.geoLocations/);

    const bidCapWithoutBid = await mutate(world, 'POST', '/meta/adsets', {
      body: adSetBody(campaign.body.id, { bidStrategy: 'LOWEST_COST_WITH_BID_CAP' }),
    });
    expect(bidCapWithoutBid.status).toBe(400);
    expect(bidCapWithoutBid.body.error.details[0].path).toBe('bidAmount');

    const withBudget = await mutate(world, 'POST', '/meta/campaigns', { body: campaignBody() });
    const doubleBudget = await mutate(world, 'POST', '/meta/adsets', { body: adSetBody(withBudget.body.id) });
    expect(doubleBudget.status).toBe(400);
    expect(doubleBudget.body.error.details[0].path).toBe('dailyBudget');
    // Nothing of these reached Meta.
    const names = metaObjects().adsets.map((a) => a.name);
    expect(names).not.toContain(adSetBody(withBudget.body.id).name);
  });

  it('refuses money in another currency before any other check', async () => {
    const other = world.currency === 'EUR' ? 'USD' : 'EUR';
    const answer = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({
        objective: 'NOT_AN_OBJECTIVE_BUT_CHECKED_LATER',
        dailyBudget: { minor: 5000, currency: other },
      }),
    });
    // The objective fails the route's schema first (400); with a valid body the currency is first.
    expect(answer.status).toBe(400);
    const mismatch = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ dailyBudget: { minor: 5000, currency: other } }),
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error).toMatchObject({
      code: 'currency_mismatch',
      details: { field: 'dailyBudget', given: other, expected: world.currency },
    });
  });

  it("answers Meta's own refusal as 422 with Meta's title and message, and stores nothing", async () => {
    const before = metaObjects().campaigns.length;
    const answer = await mutate(world, 'POST', '/meta/campaigns', { body: campaignBody({ dailyBudget: 1 }) });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('meta_request_rejected');
    expect(answer.body.error.details).toMatchObject({
      metaCode: 100,
      metaSubcode: 1885272,
      title: 'Budget Is Too Low',
    });
    expect(answer.body.error.message).toContain('Budget Is Too Low');
    expect(metaObjects().campaigns.length).toBe(before);
  });

  it('answers 404 for unknown ids and for ids of another level', async () => {
    const unknown = await mutate(world, 'POST', '/meta/campaigns/999999999/pause');
    expect(unknown.status).toBe(404);
    const campaign = await mutate(world, 'POST', '/meta/campaigns', { body: campaignBody() });
    const asAd = await api(world.rt, 'GET', `/meta/ads/${campaign.body.id}`, { token: world.user });
    expect(asAd.status).toBe(404);
    const parent = await mutate(world, 'POST', '/meta/ads', {
      body: { adSetId: campaign.body.id, name: 'x', creativeId: '1' },
    });
    expect(parent.status).toBe(404);
    expect(parent.body.error.details).toEqual({ field: 'adSetId' });
  });

  it('refuses a body over the limit with 413', async () => {
    const answer = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ name: 'x'.repeat(1_100_000) }),
    });
    expect(answer.status).toBe(413);
  });

  it('dry-runs every check plus validate_only and changes nothing', async () => {
    const before = metaObjects().createCalls.campaign;
    const answer = await api(world.rt, 'POST', '/meta/campaigns?dryRun=true', {
      token: world.user,
      body: campaignBody(),
      headers: { 'idempotency-key': newKey() },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ dryRun: true, wouldApply: { op: 'create', level: 'campaign' } });
    expect(metaObjects().createCalls.campaign).toBe(before);
    const refused = await api(world.rt, 'POST', '/meta/campaigns?dryRun=true', {
      token: world.user,
      body: campaignBody({ dailyBudget: 1 }),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('meta_request_rejected');
  });

  it('lists what Ads Manager made once the list is refreshed from Meta, keeping who made ours', async () => {
    const ours = await mutate(world, 'POST', '/meta/campaigns', { body: campaignBody({ name: 'Ours' }) });
    const elsewhere = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ name: 'Made in Ads Manager' }),
    });
    // As if made in Ads Manager: Meta has it, our mirror does not.
    await world.rt.dynamo.send(
      new DeleteItemCommand({
        TableName: world.rt.env.TABLE_APP,
        Key: rawKey(adObjectKey(world.adAccountId, elsewhere.body.id)),
      }),
    );
    const ids = (answer: { body: { items: { id: string }[] } }) => answer.body.items.map((c) => c.id);
    const plain = await api(world.rt, 'GET', '/meta/campaigns?limit=200', { token: world.user });
    expect(ids(plain)).not.toContain(elsewhere.body.id);

    const refreshed = await api(world.rt, 'GET', '/meta/campaigns?limit=200&refresh=true', {
      token: world.user,
    });
    expect(refreshed.status).toBe(200);
    expect(ids(refreshed)).toEqual(expect.arrayContaining([ours.body.id, elsewhere.body.id]));
    const found = refreshed.body.items.find((c: { id: string }) => c.id === elsewhere.body.id);
    expect(found).toMatchObject({ name: 'Made in Ads Manager', status: 'PAUSED', dailyBudget: 5000 });
    expect(found.createdBy).toBeUndefined();
    const kept = refreshed.body.items.find((c: { id: string }) => c.id === ours.body.id);
    expect(kept.createdBy).toEqual({ actor: 'user', sub: 'dev-workspace-user' });
  });
});

/** A key in the low-level client's attribute-value form. */
function rawKey(key: { pk: string; sk: string }): { pk: { S: string }; sk: { S: string } } {
  return { pk: { S: key.pk }, sk: { S: key.sk } };
}
