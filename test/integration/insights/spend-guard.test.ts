import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../../infra/resources';
import { dayInZone } from '../../../shared/domain/account-days';
import type { DailyMetricRow } from '../../../shared/domain/daily-metrics';
import { currencyOffset, minorFromMajorDecimal } from '../../../shared/domain/money';
import { spendGuard } from '../../../shared/insights/spend-guard-root';
import { DynamoDailyMetricsStore } from '../../../shared/store/dynamodb/daily-metrics-store';
import {
  adSetBody,
  type CampaignWorld,
  campaignBody,
  connectedWorkspace,
  metaObjectsOf,
  mutate,
} from '../campaigns/campaign-fixture';
import { api } from '../support/runtime';

/**
 * A marketer caps each campaign's day at 50 (minor 5000) with auto-pause on; today's pull
 * shows a campaign past it: the guard notifies once and pauses it once at Meta, audited as
 * `system`, however often the pull repeats. Without auto-pause only the notification.
 */
describe('the spend guard', () => {
  let world: CampaignWorld;
  let today: string;
  let store: DynamoDailyMetricsStore;
  const WORKSPACE = 'spend-guard-ws';
  const CAP = 5000;
  const meta = () => metaObjectsOf(world);

  beforeAll(async () => {
    world = await connectedWorkspace({ workspaceId: WORKSPACE });
    const accounts = await api(world.rt, 'GET', '/meta/assets/ad-accounts?limit=200', { token: world.user });
    const account = accounts.body.items.find((a: { id: string }) => a.id === world.adAccountId);
    today = dayInZone(Date.now(), account?.timezone);
    store = new DynamoDailyMetricsStore({
      client: DynamoDBDocumentClient.from(world.rt.dynamo),
      tableName: world.rt.env[tables.dailyMetrics.envVar] ?? '',
    });
  }, 90_000);

  afterAll(async () => {
    await world?.rt.stop();
  });

  const setControls = (body: unknown) => api(world.rt, 'PUT', '/controls', { token: world.user, body });

  /** An ACTIVE campaign with an ad set and an ad, made through the API (no caps while making it). */
  async function activeCampaign(name: string): Promise<string> {
    expect((await setControls({ spendCaps: {}, agentMatrix: [] })).status).toBe(200);
    const campaign = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ name, dailyBudget: undefined, adSetBudgetSharing: false, status: 'ACTIVE' }),
    });
    expect(campaign.status).toBe(201);
    expect(campaign.body.status).toBe('ACTIVE');
    // A daily budget above the cap set later: the guard's pause must not be refused by it.
    const adSet = await mutate(world, 'POST', '/meta/adsets', {
      body: adSetBody(campaign.body.id, { dailyBudget: CAP + 1000 }),
    });
    expect(adSet.status).toBe(201);
    const ad = await mutate(world, 'POST', '/meta/ads', {
      body: { adSetId: adSet.body.id, name: `${name} ad`, creativeId: '120000000000001' },
    });
    expect(ad.status).toBe(201);
    await world.rt.idle(20_000);
    return campaign.body.id as string;
  }

  /** Today's row of the campaign, as the pull would store it: spend 60.00 in major units (¥6000 in yen). */
  function todaysRow(campaignId: string, name: string): DailyMetricRow {
    const spend = currencyOffset(world.currency) === 100 ? '60.00' : '6000';
    return {
      workspaceId: WORKSPACE,
      adAccountId: world.adAccountId,
      level: 'campaign',
      entityId: campaignId,
      campaignId,
      entityName: name,
      date: today,
      spend,
      impressions: 9000,
      clicks: 120,
      conversions: 4,
      conversionValue: '0',
      currency: world.currency,
      updatedAt: 'set by the store',
    };
  }

  const breachNotices = async () => {
    const page = await api(world.rt, 'GET', '/notifications?limit=100', { token: world.user });
    return (page.body.items as { kind: string; data: Record<string, unknown> }[]).filter(
      (n) => n.kind === 'spend_cap_breached',
    );
  };
  const pauseCallsOf = (campaignId: string) =>
    (world.rt.simulator?.requests() ?? []).filter((r) => r.method === 'POST' && r.path === `/${campaignId}`)
      .length;
  const guardToday = () =>
    spendGuard()({ workspaceId: WORKSPACE, adAccountId: world.adAccountId, dates: [today] });

  it('with autoPause: pauses the campaign once at Meta, one audit entry by system, one notification', async () => {
    const campaignId = await activeCampaign('Capped');
    // Set after the create: a cap below the live budgets (6000 > 5000) never refuses a pause.
    expect(
      (await setControls({ spendCaps: { campaignDaily: CAP }, agentMatrix: [], autoPause: true })).status,
    ).toBe(200);
    await store.upsert([todaysRow(campaignId, 'Capped')], new Date().toISOString());
    world.rt.simulator?.resetRequests();

    await guardToday();
    await guardToday();

    expect(meta().campaigns.find((c) => c.id === campaignId)?.status).toBe('PAUSED');
    expect(pauseCallsOf(campaignId)).toBe(1);
    const audit = await api(world.rt, 'GET', `/meta/audit?actor=system&objectId=${campaignId}`, {
      token: world.user,
    });
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        action: 'pause',
        level: 'campaign',
        objectId: campaignId,
        actor: { kind: 'system', sub: 'spend-guard' },
        outcome: expect.objectContaining({ status: 200 }),
      }),
    ]);
    const notices = (await breachNotices()).filter((n) => n.data.campaignId === campaignId);
    expect(notices).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          capKind: 'campaignDaily',
          cap: CAP,
          spend: 6000,
          currency: world.currency,
          date: today,
          autoPause: true,
        }),
      }),
    ]);
    const shown = await api(world.rt, 'GET', `/meta/campaigns/${campaignId}`, { token: world.user });
    expect(shown.body.status).toBe('PAUSED');
  });

  it('without autoPause: only the notification, the campaign keeps running', async () => {
    const campaignId = await activeCampaign('Watched');
    expect((await setControls({ spendCaps: { campaignDaily: CAP }, agentMatrix: [] })).status).toBe(200);
    await store.upsert([todaysRow(campaignId, 'Watched')], new Date().toISOString());
    world.rt.simulator?.resetRequests();

    await guardToday();
    await guardToday();

    expect(meta().campaigns.find((c) => c.id === campaignId)?.status).toBe('ACTIVE');
    expect(pauseCallsOf(campaignId)).toBe(0);
    const audit = await api(world.rt, 'GET', `/meta/audit?actor=system&objectId=${campaignId}`, {
      token: world.user,
    });
    expect(audit.body.items).toEqual([]);
    const notices = (await breachNotices()).filter((n) => n.data.campaignId === campaignId);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.data).toMatchObject({ capKind: 'campaignDaily', autoPause: false });
  });

  it('through the real pull: the hourly schedule reads today from Meta and pauses a campaign past its cap once', async () => {
    const campaignId = await activeCampaign('Pulled');
    const truth = world.rt.simulator
      ?.insightsTruth(world.adAccountId, { level: 'campaign', from: today, to: today })
      ?.find((row) => row.entityId === campaignId);
    if (!truth) throw new Error('the simulator measured nothing for the campaign today');
    const spent = minorFromMajorDecimal(truth.spend, world.currency);
    expect(spent).toBeGreaterThan(1);
    expect(
      (await setControls({ spendCaps: { campaignDaily: spent - 1 }, agentMatrix: [], autoPause: true }))
        .status,
    ).toBe(200);
    world.rt.simulator?.resetRequests();

    for (let pull = 0; pull < 2; pull++) {
      await world.rt.fireSchedule('insights-hourly');
      await world.rt.idle(60_000);
    }

    expect(meta().campaigns.find((c) => c.id === campaignId)?.status).toBe('PAUSED');
    expect(pauseCallsOf(campaignId)).toBe(1);
    const stored = await api(
      world.rt,
      'GET',
      `/insights?level=campaign&from=${today}&to=${today}&entityIds=${campaignId}`,
      { token: world.user },
    );
    expect(stored.body.items).toEqual([
      expect.objectContaining({ entityId: campaignId, spend: truth.spend }),
    ]);
    const audit = await api(world.rt, 'GET', `/meta/audit?actor=system&objectId=${campaignId}`, {
      token: world.user,
    });
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: 'pause', actor: { kind: 'system', sub: 'spend-guard' } }),
    ]);
    const notices = (await breachNotices()).filter((n) => n.data.campaignId === campaignId);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.data).toMatchObject({ capKind: 'campaignDaily', spend: spent, autoPause: true });
  }, 120_000);
});
