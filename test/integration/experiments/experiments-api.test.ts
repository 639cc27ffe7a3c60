import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dayInZone } from '../../../shared/domain/account-days';
import type { DailyMetricRow } from '../../../shared/domain/daily-metrics';
import { adObjectKey } from '../../../shared/store/dynamodb/ad-object-keys';
import { DynamoDailyMetricsStore } from '../../../shared/store/dynamodb/daily-metrics-store';
import {
  adSetBody,
  type CampaignWorld,
  campaignBody,
  connectedWorkspace,
  mutate,
} from '../campaigns/campaign-fixture';
import { api } from '../support/runtime';

const HOUR_MS = 3_600_000;

/**
 * A marketer's split test through the local runtime and the Meta simulator: two ad sets made
 * through the API, an experiment over them, its status and results, a cancel, and every
 * refusal before Meta.
 */
describe('A/B split tests through the API', () => {
  let world: CampaignWorld;
  let adSets: string[];
  let timezone: string | undefined;
  let businessId: string | undefined;
  let running: { id: string; metaStudyId: string; startMs: number };

  const studies = () => world.rt.simulator?.adStudies() ?? [];
  const iso = (ms: number) => new Date(ms).toISOString();
  const experimentBody = (overrides: Record<string, unknown> = {}) => ({
    name: 'Creative A vs B',
    startTime: iso(Date.now() + HOUR_MS),
    endTime: iso(Date.now() + 8 * 24 * HOUR_MS),
    cells: [
      { name: 'A', treatmentPercentage: 50, adSetIds: [adSets[0]] },
      { name: 'B', treatmentPercentage: 50, adSetIds: [adSets[1]] },
    ],
    ...overrides,
  });
  const create = (body: unknown, options: { token?: string; key?: string | null } = {}) =>
    mutate(world, 'POST', '/meta/experiments', { body, ...options });

  beforeAll(async () => {
    world = await connectedWorkspace();
    const accounts = await api(world.rt, 'GET', '/meta/assets/ad-accounts?limit=200', { token: world.user });
    const picked = (accounts.body.items as { id: string; timezone?: string; businessId?: string }[]).find(
      (a) => a.id === world.adAccountId,
    );
    timezone = picked?.timezone;
    businessId = picked?.businessId;
    const campaign = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ dailyBudget: undefined }),
    });
    if (campaign.status !== 201) throw new Error(`campaign: ${JSON.stringify(campaign.body)}`);
    adSets = [];
    for (const name of ['Cell A adults', 'Cell B adults']) {
      const adSet = await mutate(world, 'POST', '/meta/adsets', {
        body: adSetBody(campaign.body.id, { name }),
      });
      if (adSet.status !== 201) throw new Error(`ad set: ${JSON.stringify(adSet.body)}`);
      adSets.push(adSet.body.id);
    }
  }, 120_000);

  afterAll(async () => {
    await world?.rt.stop();
  });

  it('creates the study at Meta under the ad account’s business, with the cells as asked', async () => {
    const startMs = Date.now() + 4_000;
    const created = await create(experimentBody({ name: 'Running test', startTime: iso(startMs) }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^exp_[0-9a-f]{24}$/),
      metaStudyId: expect.stringMatching(/^\d+$/),
      name: 'Running test',
      status: 'scheduled',
      adAccountId: world.adAccountId,
      level: 'adset',
      cells: [
        {
          name: 'A',
          treatmentPercentage: 50,
          adSetIds: [adSets[0]],
          metaCellId: expect.stringMatching(/^\d+$/),
        },
        {
          name: 'B',
          treatmentPercentage: 50,
          adSetIds: [adSets[1]],
          metaCellId: expect.stringMatching(/^\d+$/),
        },
      ],
    });
    const study = studies().find((s) => s.id === created.body.metaStudyId);
    expect(study).toMatchObject({ type: 'SPLIT_TEST', name: 'Running test', businessId });
    expect(study?.startSeconds).toBe(Math.floor(startMs / 1000));
    expect(study?.cells.map((c) => [c.id, c.treatmentPercentage, c.adsets])).toEqual([
      [created.body.cells[0].metaCellId, 50, [adSets[0]]],
      [created.body.cells[1].metaCellId, 50, [adSets[1]]],
    ]);
    running = { id: created.body.id, metaStudyId: created.body.metaStudyId, startMs };
  });

  it('reads it running, with each cell’s results summed from ua_daily_metrics', async () => {
    const day = dayInZone(running.startMs, timezone);
    const row = (entityId: string, spend: string, conversions: number): DailyMetricRow => ({
      workspaceId: 'dev-workspace',
      adAccountId: world.adAccountId,
      level: 'adset',
      entityId,
      campaignId: 'ignored',
      adSetId: entityId,
      date: day,
      spend,
      impressions: 1000,
      clicks: 40,
      conversions,
      conversionValue: '99.99',
      currency: world.currency,
      updatedAt: 'ignored',
    });
    const metrics = new DynamoDailyMetricsStore({
      client: DynamoDBDocumentClient.from(world.rt.dynamo),
      tableName: world.rt.env.TABLE_DAILY_METRICS,
    });
    const offset = ['JPY', 'KRW'].includes(world.currency) ? 1 : 100;
    const spendA = offset === 1 ? '1000' : '10.10';
    const spendB = offset === 1 ? '2000' : '20.20';
    await metrics.upsert([row(adSets[0] ?? '', spendA, 4), row(adSets[1] ?? '', spendB, 0)], iso(Date.now()));
    const wait = running.startMs + 300 - Date.now();
    if (wait > 0) await sleep(wait);

    const read = await api(world.rt, 'GET', `/meta/experiments/${running.id}`, { token: world.agent });
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('running');
    expect(read.body.results).toEqual([
      expect.objectContaining({ cell: 'A', spend: spendA, impressions: 1000, clicks: 40, conversions: 4 }),
      expect.objectContaining({ cell: 'B', spend: spendB, conversions: 0, currency: world.currency }),
    ]);
    expect(read.body.results[0].costPerConversion).toBe(offset === 1 ? '250' : '2.53');
    expect(read.body.results[1].costPerConversion).toBeUndefined();
  });

  it('cancels it: the study’s end at Meta moves to about a minute from now, and a second cancel is 409', async () => {
    const before = Math.floor(Date.now() / 1000);
    const cancelled = await mutate(world, 'POST', `/meta/experiments/${running.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      id: running.id,
      status: 'cancelled',
      cancelledAt: expect.any(String),
    });
    const end = studies().find((s) => s.id === running.metaStudyId)?.endSeconds ?? 0;
    expect(end).toBeGreaterThanOrEqual(before + 60);
    expect(end).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 62);
    expect(Date.parse(cancelled.body.endTime)).toBe(end * 1000);

    const read = await api(world.rt, 'GET', `/meta/experiments/${running.id}`, { token: world.user });
    expect(read.body.status).toBe('cancelled');
    const again = await mutate(world, 'POST', `/meta/experiments/${running.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('experiment_ended');
    expect(studies().find((s) => s.id === running.metaStudyId)?.endSeconds).toBe(end);
  });

  it('lists the experiments newest first', async () => {
    const later = await create(experimentBody({ name: 'Listed later' }));
    expect(later.status).toBe(201);
    const listed = await api(world.rt, 'GET', '/meta/experiments?limit=50', { token: world.user });
    expect(listed.status).toBe(200);
    const ids = (listed.body.items as { id: string }[]).map((e) => e.id);
    expect(ids.indexOf(later.body.id)).toBeLessThan(ids.indexOf(running.id));
    expect(listed.body.items.find((e: { id: string }) => e.id === running.id).status).toBe('cancelled');
  });

  it('answers a replayed create with the first experiment and makes one study', async () => {
    const key = `exp-key-${Date.now()}`;
    const body = experimentBody({ name: 'Replayed once' });
    const first = await create(body, { key });
    const second = await create(body, { key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    expect(studies().filter((s) => s.name === 'Replayed once')).toHaveLength(1);
  });

  it('adopts the study Meta made when the create answer was lost, instead of making a second', async () => {
    const key = `exp-lost-${Date.now()}`;
    world.rt.simulator?.addFault({
      path: `/${businessId}/ad_studies`,
      method: 'POST',
      kind: 'lostAnswer',
      times: 1,
    });
    const created = await create(experimentBody({ name: 'Lost answer once' }), { key });
    expect(created.status).toBe(201);
    const made = studies().filter((s) => s.name === 'Lost answer once');
    expect(made).toHaveLength(1);
    expect(created.body.metaStudyId).toBe(made[0]?.id);
  });

  it('when Meta keeps losing answers, a retry with the same key adopts the study made before', async () => {
    const key = `exp-lost-twice-${Date.now()}`;
    const body = experimentBody({ name: 'Lost answer twice' });
    // The create lands and its answer is lost; the lookup is refused too: the call fails as 503.
    world.rt.simulator?.addFault({ path: `/${businessId}/ad_studies`, method: 'POST', kind: 'lostAnswer' });
    world.rt.simulator?.addFault({
      path: `/${businessId}/ad_studies`,
      method: 'GET',
      // A refusal, not an outage: the breaker stays shut for the calls after this test.
      status: 400,
      error: { code: 100, message: 'Invalid parameter' },
    });
    const failed = await create(body, { key });
    expect(failed.status).toBe(503);
    world.rt.simulator?.clearFaults();
    expect(studies().filter((s) => s.name === 'Lost answer twice')).toHaveLength(1);
    const retried = await create(body, { key });
    expect(retried.status).toBe(201);
    const made = studies().filter((s) => s.name === 'Lost answer twice');
    expect(made).toHaveLength(1);
    expect(retried.body.metaStudyId).toBe(made[0]?.id);
  });

  it('accepts an ad set of the picked account that Meta has and the mirror not (made in Ads Manager)', async () => {
    const campaign = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ dailyBudget: undefined }),
    });
    const adSet = await mutate(world, 'POST', '/meta/adsets', {
      body: adSetBody(campaign.body.id, { name: 'Made in Ads Manager' }),
    });
    expect(adSet.status).toBe(201);
    // As if made in Ads Manager: Meta has it, our mirror does not.
    await world.rt.dynamo.send(
      new DeleteItemCommand({
        TableName: world.rt.env.TABLE_APP,
        Key: rawKey(adObjectKey(world.adAccountId, adSet.body.id)),
      }),
    );
    const created = await create(
      experimentBody({
        name: 'Ads Manager ad set',
        cells: [
          { name: 'A', treatmentPercentage: 50, adSetIds: [adSets[0]] },
          { name: 'B', treatmentPercentage: 50, adSetIds: [adSet.body.id] },
        ],
      }),
    );
    expect(created.status).toBe(201);
    const study = studies().find((s) => s.id === created.body.metaStudyId);
    expect(study?.cells[1]?.adsets).toEqual([adSet.body.id]);
  });

  it('cancels a scheduled study by bringing start and end to within the minute, the end after the start', async () => {
    const created = await create(experimentBody({ name: 'Cancelled before it starts' }));
    expect(created.status).toBe(201);
    const before = Math.floor(Date.now() / 1000);
    const cancelled = await mutate(world, 'POST', `/meta/experiments/${created.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const study = studies().find((s) => s.id === created.body.metaStudyId);
    expect(study?.startSeconds).toBeGreaterThanOrEqual(before + 60);
    expect(study?.startSeconds).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 61);
    expect(study?.endSeconds).toBe((study?.startSeconds ?? 0) + 1);
    expect(Date.parse(cancelled.body.startTime)).toBe((study?.startSeconds ?? 0) * 1000);
    expect(Date.parse(cancelled.body.endTime)).toBe((study?.endSeconds ?? 0) * 1000);
  });

  it('refuses an agent: split tests are made and cancelled by users', async () => {
    const count = studies().length;
    const denied = await create(experimentBody(), { token: world.agent });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('agent_control_denied');
    const cancel = await mutate(world, 'POST', `/meta/experiments/${running.id}/cancel`, {
      token: world.agent,
    });
    expect(cancel.status).toBe(403);
    expect(studies()).toHaveLength(count);
  });

  it.each([
    [
      'one cell',
      'cells',
      () => ({ cells: [{ name: 'A', treatmentPercentage: 100, adSetIds: [adSets[0]] }] }),
    ],
    [
      'a cell under 10 %',
      'cells[1].treatmentPercentage',
      () => ({
        cells: [
          { name: 'A', treatmentPercentage: 95, adSetIds: [adSets[0]] },
          { name: 'B', treatmentPercentage: 5, adSetIds: [adSets[1]] },
        ],
      }),
    ],
    [
      'a fraction of a percent',
      'cells[0].treatmentPercentage',
      () => ({
        cells: [
          { name: 'A', treatmentPercentage: 49.5, adSetIds: [adSets[0]] },
          { name: 'B', treatmentPercentage: 50.5, adSetIds: [adSets[1]] },
        ],
      }),
    ],
    [
      'percentages not adding up to 100',
      'cells',
      () => ({
        cells: [
          { name: 'A', treatmentPercentage: 50, adSetIds: [adSets[0]] },
          { name: 'B', treatmentPercentage: 40, adSetIds: [adSets[1]] },
        ],
      }),
    ],
    [
      'cells of two kinds',
      'cells[1].campaignIds',
      () => ({
        cells: [
          { name: 'A', treatmentPercentage: 50, adSetIds: [adSets[0]] },
          { name: 'B', treatmentPercentage: 50, campaignIds: ['123'] },
        ],
      }),
    ],
    [
      'an empty cell',
      'cells[1].adSetIds',
      () => ({
        cells: [
          { name: 'A', treatmentPercentage: 50, adSetIds: [adSets[0]] },
          { name: 'B', treatmentPercentage: 50, adSetIds: [] },
        ],
      }),
    ],
    [
      'an ad set in two cells',
      'cells[1].adSetIds[0]',
      () => ({
        cells: [
          { name: 'A', treatmentPercentage: 50, adSetIds: [adSets[0]] },
          { name: 'B', treatmentPercentage: 50, adSetIds: [adSets[0]] },
        ],
      }),
    ],
    ['a start in the past', 'startTime', () => ({ startTime: iso(Date.now() - 60_000) })],
    ['an end before the start', 'endTime', () => ({ endTime: iso(Date.now() + 60_000) })],
  ])('refuses %s before Meta: 400 naming %s', async (_what, field, change) => {
    const count = studies().length;
    const refused = await create(experimentBody(change()));
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_error');
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(studies()).toHaveLength(count);
  });

  it('refuses unknown ad sets and those of another ad account: 422 listing them', async () => {
    const accounts = await api(world.rt, 'GET', '/meta/assets/ad-accounts?limit=200', { token: world.user });
    const other = (accounts.body.items as { id: string; currency?: string }[]).find(
      (a) => a.id !== world.adAccountId && a.currency !== undefined,
    );
    if (!other) throw new Error('the dev scenario has one usable ad account only');
    const campaign = await mutate(world, 'POST', '/meta/campaigns', {
      body: campaignBody({ dailyBudget: undefined, adAccountId: other.id }),
    });
    expect(campaign.status).toBe(201);
    const foreign = await mutate(world, 'POST', '/meta/adsets', { body: adSetBody(campaign.body.id) });
    expect(foreign.status).toBe(201);
    const count = studies().length;
    const refused = await create(
      experimentBody({
        cells: [
          { name: 'A', treatmentPercentage: 50, adSetIds: [adSets[0], '999999999999'] },
          { name: 'B', treatmentPercentage: 50, adSetIds: [foreign.body.id] },
        ],
      }),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('experiment_objects_unknown');
    expect(refused.body.error.details.objects).toEqual([
      { id: '999999999999', problem: 'unknown' },
      { id: foreign.body.id, problem: 'unknown' },
    ]);
    expect(studies()).toHaveLength(count);
  });

  it('lets a user find the create and the cancel in the audit trail', async () => {
    const audit = await api(world.rt, 'GET', '/meta/audit?limit=200', { token: world.user });
    const mine = (audit.body.items as { level: string; action: string; objectId?: string }[]).filter(
      (e) => e.level === 'experiment' && e.objectId === running.metaStudyId,
    );
    expect(mine.map((e) => e.action).sort()).toEqual(['cancel', 'create']);
  });
});

/** A key in the low-level client's attribute-value form. */
function rawKey(key: { pk: string; sk: string }): { pk: { S: string }; sk: { S: string } } {
  return { pk: { S: key.pk }, sk: { S: key.sk } };
}
