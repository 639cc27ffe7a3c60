import { type InsightsWorld, type MetaSimulator, startMetaSimulator } from '@infra/local/meta-simulator';
import { addDays } from '../../../shared/domain/account-days';
import { GraphMetaInsights, insightsParams } from '../../../shared/insights/graph-meta-insights';
import type { InsightsCall, InsightsQuery, MetaInsightRow } from '../../../shared/insights/meta-insights';
import { adAccountBucketKey } from '../../../shared/meta/graph-bucket-key';
import { GraphClient } from '../../../shared/meta/graph-client';
import {
  MetaDataTooLargeError,
  MetaThrottledError,
  MetaTokenInvalidError,
} from '../../../shared/platform/errors';
import { ZERO_COUNTS } from '../meta-simulator/graph-test-client';

const silent = { warn: () => undefined, debug: () => undefined };
// Long enough that a loaded machine still reads the run before it completes.
const JOB_MS = 1_000;

describe('GraphMetaInsights against the simulator', () => {
  let sim: MetaSimulator;
  let graph: GraphClient;
  let insights: GraphMetaInsights;
  let call: InsightsCall;
  let seeded: InsightsWorld;
  let since: string;
  let until: string;

  beforeAll(async () => {
    sim = await startMetaSimulator({
      seed: { businesses: 1, tokens: 2, perBusiness: { ...ZERO_COUNTS, ownedAdAccounts: 1 } },
    });
    graph = new GraphClient({
      baseUrl: sim.url,
      version: 'v26.0',
      appSecret: sim.appSecret,
      backoff: { baseMs: 5, capMs: 20 },
      timeoutMs: 5000,
      logger: silent,
    });
    insights = new GraphMetaInsights(graph);
    const token = sim.scenario.tokens[0];
    const adAccountId = sim.scenario.expected.adAccounts[0]?.id ?? '';
    call = { accessToken: token?.accessToken ?? '', tokenId: token?.id ?? '', adAccountId };
    seeded =
      sim.seedInsightsWorld(adAccountId, {
        campaigns: 3,
        adSetsPerCampaign: 3,
        adsPerAdSet: 2,
        days: 6,
        archivedShare: 0.2,
        deletedShare: 0.2,
      }) ?? seeded;
    const days = (
      sim.insightsTruth(adAccountId, { level: 'campaign', from: '2026-01-01', to: '2030-12-31' }) ?? []
    ).map((r) => r.date);
    since = days[0] ?? '';
    until = days[days.length - 1] ?? '';
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.clearFaults();
    sim.setInsightsOptions({ asyncJobMs: JOB_MS });
  });

  const key = (r: Pick<MetaInsightRow, 'entityId' | 'date'>) => `${r.entityId}|${r.date}`;
  const comparable = ({ entityName: _name, ...row }: MetaInsightRow) => row;

  async function readAll(query: InsightsQuery, limit: number): Promise<MetaInsightRow[]> {
    const rows: MetaInsightRow[] = [];
    let after: string | undefined;
    do {
      const page = await insights.readPage(call, query, { limit, ...(after ? { after } : {}) });
      rows.push(...page.rows);
      after = page.after;
    } while (after);
    return rows;
  }

  async function untilSettled(reportRunId: string) {
    for (;;) {
      const status = await insights.reportStatus(call, reportRunId);
      if (status.state !== 'running' || status.percent === 100) return status;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it.each(['campaign', 'adset', 'ad'] as const)(
    'reads %s rows in pages that equal the ground truth, archived and deleted included',
    async (level) => {
      const rows = await readAll({ level, since, until }, 7);
      const truth = sim.insightsTruth(call.adAccountId, { level, from: since, to: until }) ?? [];
      expect(truth.length).toBeGreaterThan(7);
      expect(new Set(rows.map(key)).size).toBe(rows.length);
      expect(rows.map(comparable).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
        [...truth].sort((a, b) => key(a).localeCompare(key(b))).map((t) => ({ ...t, level })),
      );
      const removed = seeded.campaigns.filter((c) => c.status !== 'ACTIVE').map((c) => c.id);
      expect(removed.length).toBeGreaterThan(0);
      expect(rows.some((r) => removed.includes(r.campaignId))).toBe(true);
    },
  );

  it('runs an async report to completion and reads its pages', async () => {
    const { reportRunId } = await insights.startReport(call, { level: 'adset', since, until });
    expect(await insights.reportStatus(call, reportRunId)).toMatchObject({ state: 'running' });
    await new Promise((resolve) => setTimeout(resolve, JOB_MS + 20));
    expect(await insights.reportStatus(call, reportRunId)).toEqual({ state: 'completed' });
    const rows: MetaInsightRow[] = [];
    let after: string | undefined;
    do {
      const page = await insights.readReportPage(call, reportRunId, {
        limit: 10,
        ...(after ? { after } : {}),
      });
      rows.push(...page.rows);
      after = page.after;
    } while (after);
    const truth = sim.insightsTruth(call.adAccountId, { level: 'adset', from: since, to: until }) ?? [];
    expect(rows.map(comparable)).toEqual(truth.map((t) => ({ ...t, level: 'adset' })));
  });

  it('shows a stalled run as running at 100 % and a failed one as failed', async () => {
    sim.setInsightsOptions({ asyncJobMs: 0, stallAtHundred: 1, failJobs: 1 });
    const stalled = await insights.startReport(call, { level: 'campaign', since, until });
    const failed = await insights.startReport(call, { level: 'campaign', since, until });
    expect(await untilSettled(stalled.reportRunId)).toEqual({ state: 'running', percent: 100 });
    expect(await insights.reportStatus(call, failed.reportRunId)).toEqual({
      state: 'failed',
      reason: 'Job Failed',
    });
  });

  it('turns "reduce the amount of data" into MetaDataTooLargeError without retrying', async () => {
    sim.setInsightsOptions({ syncRowLimit: 5 });
    sim.resetRequests();
    const err = await insights
      .readPage(call, { level: 'ad', since, until }, { limit: 100 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MetaDataTooLargeError);
    expect(sim.countRequests({ path: `/${call.adAccountId}/insights` })).toBe(1);
  });

  it('reads different conversions without use_unified_attribution_setting for 1-day-click ad sets', async () => {
    const oneDayClick = seeded.campaigns
      .flatMap((c) => c.adSets)
      .filter(
        (s) =>
          s.status === 'ACTIVE' && s.attributionSpec.length === 1 && s.attributionSpec[0]?.window_days === 1,
      )
      .map((s) => s.id);
    expect(oneDayClick.length).toBeGreaterThan(0);
    const query: InsightsQuery = { level: 'adset', since, until };
    const unified = (await readAll(query, 500)).filter((r) => oneDayClick.includes(r.entityId));
    const raw = (await graph.get(`/${call.adAccountId}/insights`, {
      accessToken: call.accessToken,
      params: { ...insightsParams(query), use_unified_attribution_setting: false, limit: 500 },
    })) as { data: { adset_id: string; actions?: { action_type: string; value: string }[] }[] };
    const purchasesOf = (r: (typeof raw.data)[number]) =>
      Number(r.actions?.find((a) => a.action_type === 'omni_purchase')?.value ?? '0');
    const defaultWindow = raw.data.filter((r) => oneDayClick.includes(r.adset_id));
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(sum(defaultWindow.map(purchasesOf))).toBeGreaterThan(sum(unified.map((r) => r.conversions)));
  });

  it('an Insights throttle does not stop a campaign edit in the same ad account', async () => {
    sim.addFault({
      path: `/${call.adAccountId}/insights`,
      status: 400,
      error: { code: 80000 },
      regainAccessMinutes: 5,
    });
    const err = await insights
      .readPage(call, { level: 'campaign', since, until }, { limit: 10 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MetaThrottledError);
    const campaignId = seeded.campaigns.find((c) => c.status === 'ACTIVE')?.id ?? '';
    const edited = await graph.post(`/${campaignId}`, {
      accessToken: call.accessToken,
      bucketKey: adAccountBucketKey(call.adAccountId),
      params: { name: 'Renamed during an Insights throttle' },
    });
    expect(edited).toEqual({ success: true });
  });

  it('fails every Insights call with a revoked token', async () => {
    // A client of its own: the throttle above left this one's Insights bucket blocked.
    const insights = new GraphMetaInsights(
      new GraphClient({ baseUrl: sim.url, version: 'v26.0', appSecret: sim.appSecret, logger: silent }),
    );
    const other = sim.scenario.tokens[1];
    const revoked = { ...call, accessToken: other?.accessToken ?? '', tokenId: other?.id ?? '' };
    const { reportRunId } = await insights.startReport(call, {
      level: 'campaign',
      since,
      until: addDays(since, 1),
    });
    sim.revokeToken(revoked.accessToken);
    await expect(insights.readPage(revoked, { level: 'ad', since, until }, { limit: 5 })).rejects.toThrow(
      MetaTokenInvalidError,
    );
    await expect(insights.startReport(revoked, { level: 'ad', since, until })).rejects.toThrow(
      MetaTokenInvalidError,
    );
    await expect(insights.reportStatus(revoked, reportRunId)).rejects.toThrow(MetaTokenInvalidError);
  });
});
