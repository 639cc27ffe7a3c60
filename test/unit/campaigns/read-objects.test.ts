import { getObject, listObjects } from '../../../shared/campaigns/read-objects';
import { campaignWorld, givenCampaign, refusal, USD_ACCOUNT, user } from './campaign-deps-fixture';
import { metaThrottled } from './fake-meta';

const listQuery = { limit: 10, includeDeleted: false };

describe('getObject', () => {
  it("answers Meta's current state and brings the mirror up to date, keeping who made it", async () => {
    const world = await campaignWorld();
    await givenCampaign(world);
    Object.assign(world.meta.objects.get('500')?.node ?? {}, { name: 'Renamed in Ads Manager' });
    world.advance(1000);

    const view = await getObject(world.deps, user, 'campaign', '500');

    expect(view).toMatchObject({ id: '500', name: 'Renamed in Ads Manager', createdBy: { actor: 'user' } });
    expect(await world.objects.get(USD_ACCOUNT, '500')).toMatchObject({
      name: 'Renamed in Ads Manager',
      createdBy: { kind: 'user', sub: 'user-1' },
      updatedAt: '2026-12-01T10:00:01.000Z',
    });
  });

  it("answers the mirror's copy when Meta cannot answer now", async () => {
    const world = await campaignWorld();
    await givenCampaign(world);
    world.meta.failNext('read', metaThrottled());

    const view = await getObject(world.deps, user, 'campaign', '500');

    expect(view).toMatchObject({ id: '500', name: 'Spring' });
    expect((await world.objects.get(USD_ACCOUNT, '500'))?.updatedAt).toBe('2026-12-01T10:00:00.000Z');
  });

  it('answers 404 for an id of another level', async () => {
    const world = await campaignWorld();
    await givenCampaign(world);

    expect(await refusal(getObject(world.deps, user, 'adset', '500'))).toMatchObject({ status: 404 });
  });
});

describe('listObjects', () => {
  it("lists the picked account's objects, without deleted ones unless asked", async () => {
    const world = await campaignWorld();
    await givenCampaign(world);
    await givenCampaign(world, { id: '501', status: 'DELETED' });

    const live = await listObjects(world.deps, user, 'campaign', listQuery);
    const all = await listObjects(world.deps, user, 'campaign', { ...listQuery, includeDeleted: true });

    expect(live.items.map((item) => item.id)).toEqual(['500']);
    expect(all.items.map((item) => item.id)).toEqual(['500', '501']);
  });

  it('answers 404 for an ad account the workspace does not have', async () => {
    const world = await campaignWorld();

    const err = await refusal(
      listObjects(world.deps, user, 'campaign', { ...listQuery, adAccountId: 'act_999' }),
    );

    expect(err).toMatchObject({ status: 404 });
  });
});

describe('listObjects with refresh', () => {
  it('adds what Meta has and the mirror lacks, and rewrites nothing unchanged', async () => {
    const world = await campaignWorld();
    await givenCampaign(world);
    world.meta.seed('campaign', USD_ACCOUNT, {
      id: '777',
      name: 'From Ads Manager',
      configured_status: 'ACTIVE',
      effective_status: 'ACTIVE',
      objective: 'OUTCOME_SALES',
      special_ad_categories: [],
      daily_budget: '1500',
    });
    const first = await listObjects(world.deps, user, 'campaign', { ...listQuery, refresh: true });
    expect(first.items.map((c) => c.id).sort()).toEqual(['500', '777']);
    expect(await world.objects.get(USD_ACCOUNT, '777')).toMatchObject({
      name: 'From Ads Manager',
      dailyBudget: 1500,
    });
    expect(world.meta.callsOf('listOfAccount')).toHaveLength(1);

    world.advance(5000);
    const before = await world.objects.get(USD_ACCOUNT, '777');
    await listObjects(world.deps, user, 'campaign', { ...listQuery, refresh: true });
    expect((await world.objects.get(USD_ACCOUNT, '777'))?.updatedAt).toBe(before?.updatedAt);
  });
});
