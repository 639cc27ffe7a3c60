import {
  type InsightsTruthRow,
  type InsightsWorld,
  type MetaSimulator,
  startMetaSimulator,
} from '@infra/local/meta-simulator';
import { getUrl, graphErrorOf, graphGet, proofOf, ZERO_COUNTS } from './graph-test-client';

type Row = Record<string, unknown> & { actions?: { action_type: string; value: string }[] };

describe('Meta simulator: Insights over HTTP', () => {
  let sim: MetaSimulator;
  let token: string;
  let act: string;
  let world: InsightsWorld;
  let since: string;
  let until: string;

  const control = (path: string, method = 'GET', body?: unknown) =>
    getUrl(`${sim.url}/__sim${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const post = (path: string, params: Record<string, string>) =>
    getUrl(`${sim.url}/v26.0${path}`, {
      method: 'POST',
      body: new URLSearchParams({ ...params, access_token: token, appsecret_proof: proofOf(sim, token) }),
    });
  const params = (over: Record<string, string> = {}) => ({
    level: 'ad',
    time_increment: '1',
    time_range: JSON.stringify({ since, until }),
    fields: 'campaign_id,adset_id,ad_id,spend,impressions,clicks,actions,action_values,account_currency',
    ...over,
  });
  const allStatuses = (level: string) =>
    JSON.stringify([
      {
        field: `${level}.effective_status`,
        operator: 'IN',
        value: ['ACTIVE', 'PAUSED', 'ARCHIVED', 'DELETED'],
      },
    ]);
  const truth = async (level: string): Promise<InsightsTruthRow[]> =>
    (await control(`/ad-accounts/${act}/insights/truth?level=${level}&from=${since}&to=${until}`)).body
      .rows as InsightsTruthRow[];
  const purchasesOf = (row: Row) =>
    Number(row.actions?.find((a) => a.action_type === 'omni_purchase')?.value ?? 0);

  async function pages(path: string, query: Record<string, string>): Promise<Row[]> {
    const rows: Row[] = [];
    let answer = await graphGet(sim, path, token, query);
    for (;;) {
      expect(answer.status).toBe(200);
      rows.push(...(answer.body.data as Row[]));
      const next = (answer.body.paging as { next?: string } | undefined)?.next;
      if (!next) return rows;
      answer = await getUrl(next);
    }
  }

  beforeAll(async () => {
    sim = await startMetaSimulator({
      seed: { businesses: 1, tokens: 2, perBusiness: { ...ZERO_COUNTS, ownedAdAccounts: 1 } },
    });
    token = sim.scenario.tokens[0]?.accessToken ?? '';
    act = sim.scenario.expected.adAccounts[0]?.id ?? '';
    const seeded = await control(`/ad-accounts/${act}/insights/world`, 'POST', {
      campaigns: 2,
      adSetsPerCampaign: 3,
      adsPerAdSet: 2,
      days: 5,
      archivedShare: 0.25,
    });
    expect(seeded.status).toBe(201);
    world = seeded.body as unknown as InsightsWorld;
    const rows = (
      await control(`/ad-accounts/${act}/insights/truth?level=campaign&from=2026-01-01&to=2030-12-31`)
    ).body.rows as InsightsTruthRow[];
    since = rows[0]?.date ?? '';
    until = rows[rows.length - 1]?.date ?? '';
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    sim.clearFaults();
    expect((await control('/insights-options', 'PUT', { asyncJobMs: 100 })).status).toBe(204);
  });

  it('pages a sync read with Meta cursors and numbers as strings, in a stable order', async () => {
    const first = await pages(`/${act}/insights`, params({ limit: '4' }));
    const again = await pages(`/${act}/insights`, params({ limit: '50' }));
    expect(first).toEqual(again);
    expect(first.length).toBeGreaterThan(4);
    const row = first[0] ?? {};
    expect(typeof row.impressions).toBe('string');
    expect(row.spend).toMatch(/^\d+(\.\d{2})?$/);
    expect(row.date_start).toBe(row.date_stop);
    expect(row.actions?.map((a) => a.action_type)).toEqual(expect.arrayContaining(['link_click']));
  });

  it('hides ARCHIVED and DELETED objects unless the filter names them; truth holds them all', async () => {
    const removed = world.campaigns.flatMap((c) => c.adSets.flatMap((s) => s.adIds)).length;
    const hidden = await pages(`/${act}/insights`, params({ limit: '500' }));
    const shown = await pages(`/${act}/insights`, params({ limit: '500', filtering: allStatuses('ad') }));
    expect(shown.length).toBeGreaterThan(hidden.length);
    expect(new Set(shown.map((r) => r.ad_id)).size).toBe(removed);
    expect(shown).toHaveLength((await truth('ad')).length);
  });

  it('the truth is what a correct client reads (unified attribution, every status)', async () => {
    const rows = await pages(
      `/${act}/insights`,
      params({
        level: 'adset',
        limit: '500',
        use_unified_attribution_setting: 'true',
        filtering: allStatuses('adset'),
      }),
    );
    const expected = await truth('adset');
    expect(
      rows.map((r) => ({
        entityId: r.adset_id,
        date: r.date_start,
        spend: r.spend,
        conversions: purchasesOf(r),
      })),
    ).toEqual(
      expected.map((t) => ({
        entityId: t.entityId,
        date: t.date,
        spend: t.spend,
        conversions: t.conversions,
      })),
    );
  });

  it('a restatement changes conversions and their value, nothing else', async () => {
    const before = await truth('campaign');
    expect(
      (await control(`/ad-accounts/${act}/insights/restate`, 'POST', { from: since, to: since })).status,
    ).toBe(204);
    const after = await truth('campaign');
    for (const [i, row] of after.entries()) {
      const old = before[i];
      expect({ ...row, conversions: 0, conversionValue: '' }).toEqual({
        ...old,
        conversions: 0,
        conversionValue: '',
      });
      if (row.date === since) expect(row.conversions).toBeGreaterThan(old?.conversions ?? 0);
      else expect(row).toEqual(old);
    }
  });

  it('refuses ranges past 37 months, since after until, and a sync read over the row limit', async () => {
    const old = await graphGet(
      sim,
      `/${act}/insights`,
      token,
      params({ time_range: JSON.stringify({ since: '2020-01-01', until: since }) }),
    );
    expect(graphErrorOf(old).code).toBe(3018);
    const reversed = await graphGet(
      sim,
      `/${act}/insights`,
      token,
      params({ time_range: JSON.stringify({ since: until, until: since }) }),
    );
    expect(graphErrorOf(reversed).code).toBe(100);
    await control('/insights-options', 'PUT', { syncRowLimit: 3 });
    const big = await graphGet(sim, `/${act}/insights`, token, params());
    expect(big.status).toBe(500);
    expect(graphErrorOf(big)).toMatchObject({
      code: 1,
      message: 'An unknown error occurred',
      is_transient: false,
    });
    expect((big.body.error as { error_user_msg: string }).error_user_msg).toContain(
      'reduce the amount of data',
    );
  });

  it('runs an async report: advancing states, rows only once completed', async () => {
    // Long enough that a loaded machine still reads it before it completes.
    await control('/insights-options', 'PUT', { asyncJobMs: 1_500 });
    const started = await post(`/${act}/insights`, params({ level: 'campaign' }));
    const id = started.body.report_run_id as string;
    const early = await graphGet(sim, `/${id}`, token);
    expect(early.body).toMatchObject({ id, is_running: true, date_start: since, date_stop: until });
    expect(['Job Not Started', 'Job Started', 'Job Running']).toContain(early.body.async_status);
    expect(early.body.async_percent_completion).toBeLessThan(100);
    const notReady = await graphGet(sim, `/${id}/insights`, token);
    expect(graphErrorOf(notReady)).toMatchObject({ code: 2601, error_subcode: 1815107 });
    await new Promise((resolve) => setTimeout(resolve, 1_550));
    expect((await graphGet(sim, `/${id}`, token)).body).toMatchObject({
      async_status: 'Job Completed',
      async_percent_completion: 100,
    });
    const rows = await pages(`/${id}/insights`, { limit: '3' });
    expect(rows).toHaveLength(
      (await pages(`/${act}/insights`, params({ level: 'campaign', limit: '500' }))).length,
    );
  });

  it('springs each trap for the next jobs: stall at 100 %, fail, too many rows', async () => {
    await control('/insights-options', 'PUT', {
      asyncJobMs: 0,
      stallAtHundred: 1,
      failJobs: 1,
      asyncRowLimit: 2,
    });
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1)
      ids.push((await post(`/${act}/insights`, params())).body.report_run_id as string);
    const statuses = await Promise.all(ids.map(async (id) => (await graphGet(sim, `/${id}`, token)).body));
    expect(statuses.map((s) => [s.async_status, s.async_percent_completion])).toEqual([
      ['Job Running', 100],
      ['Job Failed', 0],
      ['Job Failed', 0],
    ]);
  });

  it('keeps report runs to tokens that reach the ad account, and accepts attribution_spec on ad sets', async () => {
    const id = (await post(`/${act}/insights`, params())).body.report_run_id as string;
    const stranger = sim.scenario.tokens[1]?.accessToken ?? '';
    expect(graphErrorOf(await graphGet(sim, `/${id}`, stranger)).code).toBe(100);
    const campaignId = world.campaigns[0]?.id ?? '';
    const adset = await post(`/${act}/adsets`, {
      name: 'One-day click',
      campaign_id: campaignId,
      billing_event: 'IMPRESSIONS',
      optimization_goal: 'OFFSITE_CONVERSIONS',
      daily_budget: '5000',
      bid_strategy: 'LOWEST_COST_WITHOUT_CAP',
      targeting: JSON.stringify({
        geo_locations: { countries: ['US'] },
        targeting_automation: { advantage_audience: 0 },
      }),
      attribution_spec: JSON.stringify([{ event_type: 'CLICK_THROUGH', window_days: 1 }]),
      status: 'PAUSED',
    });
    expect(adset.status).toBe(200);
    const read = await graphGet(sim, `/${adset.body.id as string}`, token, { fields: 'attribution_spec' });
    expect(read.body.attribution_spec).toEqual([{ event_type: 'CLICK_THROUGH', window_days: 1 }]);
  });

  it('counts Insights in their own bucket: an Insights throttle leaves campaign edits alone', async () => {
    const ok = await graphGet(sim, `/${act}/insights`, token, params());
    expect(JSON.parse(ok.headers.get('x-fb-ads-insights-throttle') ?? '{}')).toHaveProperty(
      'acc_id_util_pct',
    );
    sim.addFault({ path: `/${act}/insights`, status: 400, error: { code: 80000 } });
    const throttled = await graphGet(sim, `/${act}/insights`, token, params());
    expect(graphErrorOf(throttled).code).toBe(80000);
    expect(throttled.headers.get('x-fb-ads-insights-throttle')).toContain('100');
    const edit = await post(`/${world.campaigns[0]?.id ?? ''}`, { name: 'Still editable' });
    expect(edit.body).toEqual({ success: true });
  });

  it('fails every Insights call with a revoked token', async () => {
    const id = (await post(`/${act}/insights`, params())).body.report_run_id as string;
    const [token0] = sim.scenario.tokens;
    sim.revokeToken(token0?.accessToken ?? '');
    expect(graphErrorOf(await graphGet(sim, `/${act}/insights`, token, params())).code).toBe(190);
    expect(graphErrorOf(await post(`/${act}/insights`, params())).code).toBe(190);
    expect(graphErrorOf(await graphGet(sim, `/${id}`, token)).code).toBe(190);
  });
});
